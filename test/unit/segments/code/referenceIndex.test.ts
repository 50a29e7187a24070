// The reference index under edits, renames and deletes: one entry per file, replaced whole, moved
// without a read, and a change event naming exactly the files that changed.
import assert from 'node:assert/strict';
import { scanText, splitLines } from '../../../../src/segments/code/codeScan';
import { type IndexChange, ReferenceIndex } from '../../../../src/segments/code/referenceIndex';

const A = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
const B = '7d1f0c2e-5b8a-4e3f-9c61-2a4b8e0d9f13';
const C = 'c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e';

const TS = 'file:///repo/src/audiences.ts';
const YAML = 'file:///repo/config/canvas.yaml';
const SQL = 'file:///repo/sql/sizes.sql';

describe('ReferenceIndex', () => {
  let index: ReferenceIndex;
  let changes: IndexChange[];
  const set = (uri: string, text: string) => index.set(uri, scanText(text), splitLines(text));
  const where = (id: string) => index.references(id).map((r) => `${r.uri.split('/').pop()}:${r.occurrence.line}`);

  beforeEach(() => {
    index = new ReferenceIndex();
    changes = [];
    index.onDidChange((change) => changes.push(change));
  });
  afterEach(() => index.dispose());

  it('indexes each file, counting ids and files, and leaves out what a line calls something else', () => {
    set(TS, `export const WINBACK_SEGMENT = '${A}';\nconst campaign_id = '${C}';\n// also ${B}\n`);
    set(YAML, `segments:\n  - ${A}\n  - ${B}\n`);
    assert.deepEqual(
      index.ids().sort((x, y) => x.id.localeCompare(y.id)),
      [
        { id: A, count: 2, files: 2 },
        { id: B, count: 2, files: 2 },
      ],
      'the campaign id is not indexed at all',
    );
    assert.deepEqual(where(A), ['canvas.yaml:1', 'audiences.ts:0']);
    assert.equal(index.inFile(TS).length, 2);
    assert.equal(index.inFile(TS)[0].preview, `export const WINBACK_SEGMENT = '${A}';`);
    assert.equal(index.fileCount, 2);
    assert.deepEqual(changes, [{ uris: [TS] }, { uris: [YAML] }]);
  });

  it('replaces a file whole on an edit, naming only that file, and stays quiet when nothing changed', () => {
    set(TS, `const SEGMENT = '${A}';\n`);
    set(YAML, `segment_id: ${B}\n`);
    changes.length = 0;
    set(TS, `const SEGMENT = '${A}';\n`);
    assert.deepEqual(changes, [], 'the same ids at the same places: no event');
    set(TS, `// moved down\nconst SEGMENT = '${C}';\nconst OTHER_SEGMENT = '${A}';\n`);
    assert.deepEqual(changes, [{ uris: [TS] }]);
    assert.deepEqual(where(A), ['audiences.ts:2']);
    assert.deepEqual(where(C), ['audiences.ts:1']);
    assert.deepEqual(where(B), ['canvas.yaml:0'], 'the other file is untouched');
    set(TS, 'no ids any more\n');
    assert.deepEqual(where(A), []);
    assert.deepEqual(where(C), []);
    assert.ok(!index.ids().some(({ id }) => id === A || id === C), 'ids that no longer occur are gone');
    assert.equal(index.fileCount, 1);
    changes.length = 0;
    set(SQL, 'SELECT 1;\n');
    assert.deepEqual(changes, [], 'a file without ids, never indexed: no event');
  });

  it('a changed preview is a change', () => {
    set(TS, `const SEGMENT = '${A}';\n`);
    changes.length = 0;
    set(TS, `const SEGMENT = '${A}'; // winback\n`);
    assert.deepEqual(changes, [{ uris: [TS] }]);
    assert.equal(index.inFile(TS)[0].preview, `const SEGMENT = '${A}'; // winback`);
  });

  it('moves a renamed file without reading it, replacing what was at the target', () => {
    set(TS, `const SEGMENT = '${A}';\n`);
    set(SQL, `WHERE segment_id = '${B}'\n`);
    changes.length = 0;
    const moved = 'file:///repo/src/renamed.ts';
    index.rename(TS, moved);
    assert.deepEqual(changes, [{ uris: [TS, moved] }]);
    assert.deepEqual(index.inFile(TS), []);
    assert.equal(index.inFile(moved)[0].uri, moved, 'the references name their new file');
    assert.deepEqual(where(A), ['renamed.ts:0']);
    // Onto a file that had entries of its own: the moved file's replace them.
    index.rename(moved, SQL);
    assert.deepEqual(where(A), ['sizes.sql:0']);
    assert.deepEqual(where(B), []);
    assert.equal(index.fileCount, 1);
    changes.length = 0;
    index.rename('file:///repo/never-indexed.ts', 'file:///repo/elsewhere.ts');
    assert.deepEqual(changes, [], 'nothing to move: no event');
  });

  it('drops a deleted file, and says nothing for one it never held', () => {
    set(TS, `const SEGMENT = '${A}';\n`);
    set(YAML, `segment_id: ${A}\n`);
    changes.length = 0;
    index.delete(TS);
    assert.deepEqual(changes, [{ uris: [TS] }]);
    assert.deepEqual(index.ids(), [{ id: A, count: 1, files: 1 }]);
    index.delete(TS);
    index.delete(SQL);
    assert.equal(changes.length, 1);
    index.clear();
    assert.deepEqual(changes[1], { uris: [YAML] });
    assert.deepEqual(index.ids(), []);
  });

  it('keeps counts right through a run of edits, renames and deletes', () => {
    const files = Array.from({ length: 30 }, (_, i) => `file:///repo/f${i}.ts`);
    const ids = [A, B, C];
    files.forEach((uri, i) => set(uri, `const SEGMENT = '${ids[i % 3]}';\nconst SEGMENT_2 = '${ids[(i + 1) % 3]}';\n`));
    for (let i = 0; i < 30; i += 3) index.delete(files[i]);
    for (let i = 1; i < 30; i += 3) index.rename(files[i], `${files[i]}.moved`);
    for (let i = 2; i < 30; i += 3) set(files[i], `const SEGMENT = '${A}';\n`);
    // Left: 10 moved files (ids i%3=1 → B and C), 10 edited files (A only).
    const counts = Object.fromEntries(index.ids().map(({ id, count, files: fileCount }) => [id, [count, fileCount]]));
    assert.deepEqual(counts, { [A]: [10, 10], [B]: [10, 10], [C]: [10, 10] });
    assert.equal(index.fileCount, 20);
    const total = index.ids().reduce((sum, { id }) => sum + index.references(id).length, 0);
    assert.equal(total, 30);
  });
});
