// An optional first pass of the workspace scan: ripgrep (the one VS Code ships in its app root) says
// which files of the list hold a UUID at all, so that the extension host reads only those. Most files
// of a repository hold none; ripgrep reads them in its own process, on every core, much faster than
// the host can. Sound by construction, or not used:
// - the list stays the caller's (findFiles'), handed over as explicit paths, so ripgrep's own ignore
//   rules, hidden-file rule and globs never apply (explicit paths are always searched);
// - `--text`, so that its binary rule never drops a file the scanner would read (the scanner then
//   applies its own rule);
// - the pattern matches every 8-4-4-4-12 hex run, a superset of the ids the scanner finds;
// - anything ripgrep cannot answer for (it is missing, fails, is stopped) counts as a candidate.
// Node only (child_process), free of 'vscode': the caller says where ripgrep is.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every UUID-shaped run, as ripgrep's regex: a superset of what `findSegmentIds` finds. */
export const UUID_PATTERN = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

/**
 * Paths per ripgrep run: few runs (each start costs a few ms), well within the command line's limit
 * (32 Ki characters on Windows; 2 MiB or so elsewhere, of which a quarter is used here).
 */
const BATCH_FILES = 4000;
const BATCH_CHARS = process.platform === 'win32' ? 24_000 : 500_000;

export interface RipgrepPass {
  /** The paths that may hold a UUID (every path ripgrep could not answer for included). */
  readonly candidates: Set<string>;
  /** Paths ripgrep could not answer for (a run failed): read by the scanner like any candidate. */
  readonly unanswered: number;
  readonly runs: number;
}

/**
 * VS Code's ripgrep under its app root (`vscode.env.appRoot`), where releases have put it; undefined
 * when none is there (a web or unusual build): the pure scanner does all the work then.
 */
export function ripgrepIn(appRoot: string): string | undefined {
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', binary),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', binary),
    path.join(appRoot, 'node_modules', 'vscode-ripgrep', 'bin', binary),
    path.join(appRoot, 'node_modules.asar.unpacked', 'vscode-ripgrep', 'bin', binary),
  ];
  return candidates.find((candidate) => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

/** Which of `paths` (file system paths) may hold a UUID, ripgrep run over them in batches, one at a time. */
export async function ripgrepCandidates(rg: string, paths: readonly string[], signal?: AbortSignal): Promise<RipgrepPass> {
  const candidates = new Set<string>();
  let unanswered = 0;
  let runs = 0;
  let broken = false;
  for (const batch of batches(paths)) {
    if (broken || signal?.aborted) {
      // Unanswered: the scanner reads them (an aborted scan drops them anyway).
      for (const file of batch) candidates.add(file);
      unanswered += batch.length;
      continue;
    }
    runs++;
    const found = await runOnce(rg, batch, signal);
    if (found.kind === 'answered') for (const file of found.files) candidates.add(file);
    else {
      for (const file of batch) candidates.add(file);
      unanswered += batch.length;
      // It could not even start: no use trying the next batch.
      broken ||= found.kind === 'unusable';
    }
  }
  return { candidates, unanswered, runs };
}

function* batches(paths: readonly string[]): Generator<string[]> {
  let batch: string[] = [];
  let chars = 0;
  for (const file of paths) {
    if (batch.length && (batch.length >= BATCH_FILES || chars + file.length > BATCH_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(file);
    chars += file.length + 1;
  }
  if (batch.length) yield batch;
}

type Run = { kind: 'answered'; files: string[] } | { kind: 'failed' } | { kind: 'unusable' };

function runOnce(rg: string, batch: readonly string[], signal: AbortSignal | undefined): Promise<Run> {
  return new Promise((resolve) => {
    // --no-config: no RIPGREP_CONFIG_PATH of the user's changes what is searched. --null: paths end in
    // NUL, so a file name with a line break in it stays one path.
    const args = ['--no-config', '--text', '--files-with-matches', '--null', '--no-messages', '-e', UUID_PATTERN, '--', ...batch];
    let child;
    try {
      child = spawn(rg, args, { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true, signal });
    } catch {
      resolve({ kind: 'unusable' });
      return;
    }
    const chunks: Buffer[] = [];
    let started = false;
    child.on('spawn', () => (started = true));
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve({ kind: started ? 'failed' : 'unusable' }));
    child.on('close', (code) => {
      // 0: matches, 1: none; 2 is an error (a file vanished, say): then nothing it said is trusted.
      if (code !== 0 && code !== 1) {
        resolve({ kind: 'failed' });
        return;
      }
      const files = Buffer.concat(chunks).toString('utf8').split('\0').filter(Boolean);
      // A path that comes back other than it was given (a name that is not UTF-8, say) cannot be
      // matched to its file: then the batch counts as unanswered rather than lose that file.
      const given = new Set(batch);
      resolve(files.every((file) => given.has(file)) ? { kind: 'answered', files } : { kind: 'failed' });
    });
  });
}
