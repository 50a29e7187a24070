// The optional ripgrep pass of the workspace scan, with a real ripgrep (VS Code's, else the system's):
// every file the scanner would find an id in is a candidate, whatever its bytes or name, and anything
// ripgrep cannot answer for is read anyway.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanContent } from '../../../../src/segments/code/treeScan';
import { ripgrepCandidates, ripgrepIn } from '../../../../src/segments/code/treeScanRipgrep';

const ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';

function findRipgrep(): string | undefined {
  const vscode = path.resolve(__dirname, '../../../../.vscode-test/code-server/lib/node_modules/code-server/lib/vscode');
  const bundled = ripgrepIn(vscode);
  if (bundled) return bundled;
  try {
    return execFileSync('which', ['rg'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('tree scan: the ripgrep pass', () => {
  const rg = findRipgrep();
  let root: string;
  const write = (relative: string, content: string | Uint8Array) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  beforeEach(function () {
    if (!rg) this.skip(); // no ripgrep on this machine: the pure scanner does all the work
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-rg-'));
  });
  afterEach(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('names every file the scanner finds an id in, and leaves out those without a UUID', async () => {
    const files = [
      write('src/a.ts', `export const SEGMENT = '${ID}';\n`),
      write('src/none.ts', 'export const answer = 42; // - dashes - only\n'),
      write('CAPS.sql', `WHERE segment_id = '${ID.toUpperCase()}'\n`),
      write('with space/and\nnewline.md', `segment ${ID}\n`),
      write('.hidden/config.yaml', `segments:\n  - ${ID}\n`),
      write('node_modules/dep/index.js', `const SEGMENT = '${ID}';\n`), // excluded by the caller's list, never by ripgrep
      write('.gitignore', 'ignored.ts\n'),
      write('ignored.ts', `const SEGMENT = '${ID}';\n`),
      write('blob.txt', Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from(` segment ${ID}\n`)])),
      write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`segment_id: ${ID}\n`, 'utf16le')])),
      write('glued.txt', `x${ID}y\n`),
    ];
    const { candidates, unanswered } = await ripgrepCandidates(rg!, files);
    assert.equal(unanswered, 0);
    const name = (file: string) => path.relative(root, file);
    for (const file of files) {
      const scan = scanContent(fs.readFileSync(file));
      if (scan.kind === 'text' && scan.occurrences.length) assert.ok(candidates.has(file), `${name(file)} holds an id but is no candidate`);
    }
    assert.ok(!candidates.has(files[1]), 'a file without a UUID is not read');
    for (const file of [files[5], files[7], files[8], files[10]]) assert.ok(candidates.has(file), `${name(file)}: a superset (its own rules never drop a listed file)`);
    assert.deepEqual([...candidates].sort(), files.filter((file) => file !== files[1] && file !== files[6]).sort());
  });

  it('counts a batch it cannot answer for (a file gone) as candidates, and a missing ripgrep as all', async () => {
    const present = write('a.ts', 'no ids\n');
    const gone = path.join(root, 'gone.ts');
    const partial = await ripgrepCandidates(rg!, [present, gone]);
    assert.deepEqual([...partial.candidates].sort(), [present, gone].sort());
    assert.equal(partial.unanswered, 2);

    const missing = await ripgrepCandidates(path.join(root, 'no-such-rg'), [present, gone]);
    assert.deepEqual([...missing.candidates].sort(), [present, gone].sort());
    assert.equal(missing.unanswered, 2);
  });

  it('runs in batches, and stops asking once aborted', async function () {
    this.timeout(30_000); // 4,500 files written first
    const files = Array.from({ length: 4500 }, (_, i) => write(`many/f${i}.txt`, i % 1000 === 0 ? `segment ${ID}\n` : 'nothing\n'));
    const pass = await ripgrepCandidates(rg!, files);
    assert.ok(pass.runs >= 2, `${pass.runs} runs`);
    assert.equal(pass.candidates.size, 5);
    const controller = new AbortController();
    controller.abort();
    const aborted = await ripgrepCandidates(rg!, files, controller.signal);
    assert.equal(aborted.runs, 0);
    assert.equal(aborted.candidates.size, files.length, 'unanswered: the (aborted) caller would read them all');
  });

  it('finds VS Code ripgrep under its app root, where releases put it', () => {
    for (const where of [['node_modules', '@vscode', 'ripgrep'], ['node_modules.asar.unpacked', '@vscode', 'ripgrep']]) {
      const appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-approot-'));
      try {
        assert.equal(ripgrepIn(appRoot), undefined);
        const binary = path.join(appRoot, ...where, 'bin', process.platform === 'win32' ? 'rg.exe' : 'rg');
        fs.mkdirSync(path.dirname(binary), { recursive: true });
        fs.writeFileSync(binary, '');
        assert.equal(ripgrepIn(appRoot), binary);
      } finally {
        fs.rmSync(appRoot, { recursive: true, force: true });
      }
    }
  });
});
