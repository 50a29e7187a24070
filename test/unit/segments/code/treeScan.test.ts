// The workspace scanner's pure core over a real temporary tree: what it reads, what it skips unread,
// how many files it holds open at once, the file cap, and that it hands the event loop back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BINARY_SNIFF_BYTES,
  DEFAULT_MAX_FILE_BYTES,
  type FileScan,
  Limiter,
  type TreeScanSource,
  decodeText,
  hasBinaryExtension,
  holdsUuid,
  scanContent,
  scanFile,
  scanTree,
} from '../../../../src/segments/code/treeScan';
import { scanText } from '../../../../src/segments/code/codeScan';
import { seededRandom } from '../../../server/random';
import { excludeMatcher } from '../../../../src/segments/code/treeScanGlob';
import { listFiles, nodeTreeSource } from '../../../../src/segments/code/treeScanNode';

const ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
const ID2 = '7d1f0c2e-5b8a-4e3f-9c61-2a4b8e0d9f13';
const ID3 = 'c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e';

/** A source over an in-memory map that resolves at once: no I/O to hand the loop back for it. */
function memorySource(files: Record<string, string | Uint8Array>): TreeScanSource<string> {
  const bytes = (name: string) => {
    const content = files[name];
    if (content === undefined) throw new Error(`ENOENT ${name}`);
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  };
  return { name: (file) => file, size: async (file) => bytes(file).length, read: async (file) => bytes(file) };
}

describe('tree scan', () => {
  let root: string;
  const write = (relative: string, content: string | Uint8Array) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-treescan-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('scans the text files of a real tree and skips binaries, large files and what is gone', async () => {
    write('src/audiences.ts', `// winback\nexport const LAPSED_SEGMENT = '${ID}';\nconst campaign_id = '${ID2}';\n`);
    write('config/segments.yaml', `segments:\n  - ${ID}\n  - ${ID3}\n`);
    write('docs/notes.md', 'No ids here, only - dashes - and words.\n');
    write('empty.txt', '');
    write('assets/logo.png', `not really a png, but named so: ${ID}`); // skipped by its name, unread
    write('data/blob.txt', Buffer.concat([Buffer.from(`segment_id = ${ID}\n`), Buffer.from([0, 1, 2, 3])])); // a NUL early on
    write('dist/bundle.js', `const SEGMENT = '${ID}';\n${'x'.repeat(DEFAULT_MAX_FILE_BYTES)}`); // over the cap
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`segment_id: ${ID2}\n`, 'utf16le')]);
    write('legacy/utf16.yaml', utf16);
    const files = await listFiles(root);
    const gone = path.join(root, 'deleted-after-listing.ts');
    const results = new Map<string, FileScan>();
    const stats = await scanTree([...files, gone, path.join(root, 'src')], nodeTreeSource(), (file, scan) => {
      assert.ok(!results.has(file), `${file} handed over twice`);
      results.set(file, scan);
    });

    const at = (relative: string) => results.get(path.join(root, relative));
    const ids = (relative: string) => {
      const scan = at(relative);
      assert.equal(scan?.kind, 'text', relative);
      return scan.kind === 'text' ? scan.occurrences.map((o) => `${o.line}:${o.id}:${o.context}`) : [];
    };
    assert.deepEqual(ids('src/audiences.ts'), [`1:${ID}:segment`, `2:${ID2}:other`]);
    assert.deepEqual(ids('config/segments.yaml'), [`1:${ID}:nearby`, `2:${ID3}:nearby`]);
    assert.deepEqual(ids('docs/notes.md'), []);
    assert.deepEqual(ids('empty.txt'), []);
    assert.deepEqual(ids('legacy/utf16.yaml'), [`0:${ID2}:segment`]);
    const audiences = at('src/audiences.ts');
    assert.ok(audiences?.kind === 'text');
    assert.equal(audiences.lines[1], `export const LAPSED_SEGMENT = '${ID}';`, 'the lines come along, for previews');
    assert.deepEqual(at('docs/notes.md')?.kind === 'text' && at('docs/notes.md'), { kind: 'text', bytes: fs.statSync(path.join(root, 'docs/notes.md')).size, occurrences: [], lines: [] }, 'a file without ids keeps no lines');

    assert.deepEqual(at('assets/logo.png'), { kind: 'skipped', reason: 'binary', bytes: 0 });
    assert.deepEqual(at('data/blob.txt'), { kind: 'skipped', reason: 'binary', bytes: fs.statSync(path.join(root, 'data/blob.txt')).size });
    assert.deepEqual(at('dist/bundle.js'), { kind: 'skipped', reason: 'large', bytes: 0 }, 'too large: not even read');
    assert.deepEqual(results.get(gone), { kind: 'skipped', reason: 'unreadable', bytes: 0 });
    assert.deepEqual(results.get(path.join(root, 'src')), { kind: 'skipped', reason: 'unreadable', bytes: 0 }, 'a folder is no file');

    assert.equal(stats.files, files.length + 2);
    assert.equal(stats.scanned, 5);
    assert.deepEqual(stats.skipped, { binary: 2, large: 1, unreadable: 2 });
    assert.equal(stats.occurrences, 5);
    assert.equal(stats.aborted, false);
    assert.equal(stats.capped, false);
  });

  it('takes the size cap it is given, and a file that grew past it after its stat', async () => {
    const small = write('small.ts', `const SEGMENT = '${ID}';\n`);
    const big = write('big.ts', `const SEGMENT = '${ID}';\n${'y'.repeat(5000)}`);
    const results = new Map<string, FileScan>();
    await scanTree([small, big], nodeTreeSource(), (file, scan) => results.set(file, scan), { maxFileBytes: 4096 });
    assert.equal(results.get(small)?.kind, 'text');
    assert.deepEqual(results.get(big), { kind: 'skipped', reason: 'large', bytes: 0 });

    // The stat said small; by the read it was not.
    const growing: TreeScanSource<string> = { name: (f) => f, size: async () => 10, read: async () => new Uint8Array(5000).fill(0x61) };
    assert.deepEqual(await scanFile('grew.ts', growing, { maxFileBytes: 4096 }), { kind: 'skipped', reason: 'large', bytes: 5000 });
  });

  it('reads at most `concurrency` files at once, and shares a limiter across scans', async () => {
    const names = Array.from({ length: 40 }, (_, i) => write(`f${i}.ts`, `const SEGMENT = '${ID}'; // ${i}\n`));
    let open = 0;
    let most = 0;
    const slow: TreeScanSource<string> = {
      name: (f) => f,
      size: async (f) => {
        open++;
        most = Math.max(most, open);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return fs.statSync(f).size;
      },
      read: async (f) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        const bytes = fs.readFileSync(f);
        open--;
        return bytes;
      },
    };
    const stats = await scanTree(names, slow, () => undefined, { concurrency: 3 });
    assert.equal(stats.files, 40);
    assert.equal(most, 3, 'three at once, never more');
    assert.equal(stats.maxInFlight, 3);

    // Two scans at once (the workspace scan and a save) stay within one bound together.
    most = 0;
    const limiter = new Limiter(4);
    const [a, b] = await Promise.all([
      scanTree(names.slice(0, 20), slow, () => undefined, { concurrency: 4, limiter }),
      scanTree(names.slice(20), slow, () => undefined, { concurrency: 4, limiter }),
    ]);
    assert.equal(a.files + b.files, 40);
    assert.ok(most <= 4, `${most} files open at once`);
  });

  it('reads no more than the file cap, and says so', async () => {
    const names = Array.from({ length: 10 }, (_, i) => write(`n${i}.md`, `segment ${ID}\n`));
    const seen: string[] = [];
    const stats = await scanTree(names, nodeTreeSource(), (file) => seen.push(file), { maxFiles: 4 });
    assert.equal(seen.length, 4);
    assert.deepEqual(new Set(seen), new Set(names.slice(0, 4)));
    assert.equal(stats.capped, true);
    assert.equal(stats.files, 4);
  });

  it('hands the event loop back between slices, even when every read resolves at once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.ts`] = `const SEGMENT_${i} = '${ID}';\n`.repeat(50);
    let timerRan = false;
    let filesBeforeTimer = -1;
    let count = 0;
    setTimeout(() => {
      timerRan = true;
      filesBeforeTimer = count;
    }, 0);
    // A slice of 0 ms: the scan yields before each file's synchronous part.
    await scanTree(Object.keys(files), memorySource(files), () => count++, { sliceMs: 0 });
    assert.ok(timerRan, 'a timer ran during the scan');
    assert.ok(filesBeforeTimer >= 0 && filesBeforeTimer < 300, `the timer ran after ${filesBeforeTimer} files, not at the end`);
  });

  it('keeps each slice near its budget on a fake clock', async () => {
    let clock = 0;
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`c${i}.ts`] = `// ${i}\n`;
    const yieldedAt: number[] = [];
    const original = globalThis.setImmediate;
    // Each yield is seen (and still made): the scanner asks for setImmediate when it yields.
    globalThis.setImmediate = ((callback: () => void) => {
      yieldedAt.push(clock);
      return original(callback);
    }) as typeof setImmediate;
    try {
      // Each file "costs" 4 ms of synchronous work; a 10 ms slice holds three before a yield.
      await scanTree(Object.keys(files), memorySource(files), () => (clock += 4), { sliceMs: 10, concurrency: 1, now: () => clock });
    } finally {
      globalThis.setImmediate = original;
    }
    assert.ok(yieldedAt.length >= 30, `${yieldedAt.length} yields`);
    const gaps = yieldedAt.slice(1).map((at, i) => at - yieldedAt[i]);
    assert.ok(Math.max(...gaps) <= 10 + 4, `work between yields: up to ${Math.max(...gaps)} ms`);
  });

  it('stops when aborted: files not started are left, late results dropped', async () => {
    const names = Array.from({ length: 50 }, (_, i) => write(`a${i}.ts`, `const SEGMENT = '${ID}';\n`));
    const controller = new AbortController();
    const seen: string[] = [];
    const stats = await scanTree(
      names,
      nodeTreeSource(),
      (file) => {
        seen.push(file);
        if (seen.length === 5) controller.abort();
      },
      { signal: controller.signal, concurrency: 2 },
    );
    assert.equal(seen.length, 5);
    assert.equal(stats.aborted, true);
  });

  it('goes on after a file whose bookkeeping throws', async () => {
    const names = [write('x1.ts', `segment ${ID}`), write('x2.ts', `segment ${ID2}`)];
    const seen: string[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      await scanTree(names, nodeTreeSource(), (file) => {
        seen.push(file);
        if (seen.length === 1) throw new Error('boom');
      }, { concurrency: 1 });
    } finally {
      console.error = original;
    }
    assert.deepEqual(seen, names);
    assert.equal(errors.length, 1);
  });

  it('lists a tree without walking what is excluded', async () => {
    write('src/a.ts', 'a');
    write('node_modules/pkg/index.js', 'b');
    write('packages/x/node_modules/dep/index.js', 'c');
    write('.git/HEAD', 'ref');
    write('out/app.code-search', 'd');
    const excluded = excludeMatcher(['**/node_modules', '**/.git', '**/*.code-search']);
    const listed = (await listFiles(root, excluded)).map((file) => path.relative(root, file).split(path.sep).join('/'));
    assert.deepEqual(listed, ['src/a.ts']);
  });
});

describe('tree scan: one file', () => {
  it('knows binaries by name', () => {
    for (const name of ['logo.png', 'LOGO.PNG', 'a/b/font.woff2', 'x.tar.gz', 'app.exe', 'c:\\dir\\lib.dll', 'model.safetensors']) assert.ok(hasBinaryExtension(name), name);
    for (const name of ['a.ts', 'README', '.env', 'Makefile', 'dir.png/file', 'x.svg', 'notes.md', 'data.json', 'q.sql']) assert.ok(!hasBinaryExtension(name), name);
  });

  it('decodes UTF-8 (with or without its mark) and UTF-16 with one, and calls an early NUL binary', () => {
    const enc = (text: string) => new TextEncoder().encode(text);
    assert.equal(decodeText(enc('héllo')), 'héllo');
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('bom')])), 'bom');
    assert.equal(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from('wide', 'utf16le')])), 'wide');
    assert.equal(decodeText(new Uint8Array([0x61, 0, 0x62])), undefined);
    // A NUL past the sniffed start is a text with a NUL in it (a log), still scanned.
    const late = new Uint8Array(BINARY_SNIFF_BYTES + 10).fill(0x61);
    late[BINARY_SNIFF_BYTES + 5] = 0;
    assert.equal(decodeText(late)?.length, BINARY_SNIFF_BYTES + 10);
    // An invalid byte does not stop the scan of the rest.
    const scan = scanContent(new Uint8Array([0xc3, 0x28, 0x0a, ...enc(`segment_id = "${ID}"`)]));
    assert.ok(scan.kind === 'text' && scan.occurrences[0]?.id === ID);
  });

  it('scans as scanText does: ids with what their own line says', () => {
    const scan = scanContent(new TextEncoder().encode(`trace_id = "${ID}"\nsegment_id = "${ID2}"\n`));
    assert.ok(scan.kind === 'text');
    assert.deepEqual(
      scan.occurrences.map((o) => [o.id, o.context]),
      [
        [ID, 'other'],
        [ID2, 'segment'],
      ],
    );
  });

  it('tells a text with a UUID from one without, looking only at dashes', () => {
    assert.ok(holdsUuid(`x ${ID} y`));
    assert.ok(holdsUuid(ID.toUpperCase()));
    assert.ok(holdsUuid(`abcd-${ID}-ef`), 'a superset of what counts: the scan decides');
    for (const text of ['', '-', 'a-b-c', '2024-11-02 - v1.2.3-beta', ID.slice(0, 35), ID.replace('-', '_'), ID.replace('a', 'g'), `${'-'.repeat(100)}`]) assert.ok(!holdsUuid(text), text);
  });

  it('finds exactly what scanText finds, whatever the line breaks', () => {
    const random = seededRandom(7);
    const pieces = [`segment_id: ${ID}`, `  - ${ID2}`, `trace_id = "${ID3}"`, 'segments:', 'plain - text', `x${ID}`, `Bearer ${ID2}`, '', `${'z'.repeat(10_001)} ${ID}`, 'const SEGMENT = {', `  a: '${ID3}',`];
    const breaks = ['\n', '\r\n', '\r'];
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(random() * 12);
      let text = '';
      for (let i = 0; i < count; i++) text += pieces[Math.floor(random() * pieces.length)] + breaks[round % 7 === 0 ? Math.floor(random() * 3) : 0];
      const scan = scanContent(new TextEncoder().encode(text));
      assert.ok(scan.kind === 'text');
      assert.deepEqual(scan.occurrences, scanText(text), JSON.stringify(text));
    }
  });
});
