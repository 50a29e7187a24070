// Reads and scans many files for segment ids: the workspace scan of the Segments in Code view, minus
// everything VS Code. The caller lists the files and says how to size and read one (vscode.workspace.fs
// in the extension, node:fs in the bench and the tests); this reads a bounded number at once, skips
// binaries and large files (unread where the name or the size already says so), and hands the event
// loop back between slices of work, so that the extension host never stalls while a large repository
// is read. Scanning a text is `codeScan`'s, pure and the same for every caller.
import { type IdOccurrence, scanLines, splitLines } from './codeScan';

/** Files larger than this are not read: generated bundles, dumps and data, not code anyone writes ids in. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Files read at once: enough to keep the disk busy, few enough to leave file handles to everyone else. */
export const DEFAULT_CONCURRENCY = 8;
/** Work done between two yields to the event loop, in ms: well under the host's 50 ms budget. */
export const DEFAULT_SLICE_MS = 15;
/** A NUL byte in this many first bytes makes a file binary (as git and VS Code's search decide). */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * Extensions of files that are never text: skipped by name, without a read. The NUL-byte test
 * catches the rest.
 */
/* eslint-disable no-restricted-syntax -- a list of file extensions, never shown */
const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic svgz ' +
    'mp3 mp4 m4a m4v mov avi mkv webm wav flac ogg opus aac ' +
    'zip gz tgz bz2 xz zst 7z rar jar war ear apk ipa aar whl egg nupkg vsix crx deb rpm dmg iso msi ' +
    'exe dll so dylib a lib o obj bin dat class pyc pyo pyd wasm node ' +
    'woff woff2 ttf otf eot ' +
    'pdf doc docx xls xlsx ppt pptx odt ods odp key numbers pages ' +
    'sqlite sqlite3 db mdb parquet avro orc feather arrow npy npz pkl pickle h5 hdf5 onnx pt pth ckpt safetensors tflite ' +
    'keystore jks p12 pfx der'
  ).split(' '),
);
/* eslint-enable no-restricted-syntax */

export type SkipReason = 'binary' | 'large' | 'unreadable';

/**
 * What one file held: its ids, and the lines they are on (for their previews: a sparse array by line
 * number, each line its own string), or why it was not scanned.
 */
export type FileScan =
  | { readonly kind: 'text'; readonly bytes: number; readonly occurrences: readonly IdOccurrence[]; readonly lines: readonly string[] }
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly bytes: number };

/** How to size and read one file `F` (a URI, a path). */
export interface TreeScanSource<F> {
  /** Its name or path: the extension decides some binaries without a read. */
  name(file: F): string;
  /** Its size in bytes; undefined when it is not a file (any more): a folder, a broken link. */
  size(file: F): Promise<number | undefined>;
  read(file: F): Promise<Uint8Array>;
}

export interface TreeScanOptions {
  /** Larger files are skipped unread. Default 1 MiB. */
  maxFileBytes?: number;
  /** Files sized and read at once. Default 8. */
  concurrency?: number;
  /** At most this many files of the list are read; the rest are left (and `capped` says so). */
  maxFiles?: number;
  /** Work between two yields to the event loop, in ms. Default 15. */
  sliceMs?: number;
  /** Stops the scan: files not started are left, results not yet handed over are dropped. */
  signal?: AbortSignal;
  /**
   * Shared by several scans that together may read at most so many files at once (a file saved while
   * the workspace scan runs); each scan still runs at most `concurrency` workers of its own.
   */
  limiter?: Limiter;
  /** Defaults to performance.now; tests pass their own. */
  now?: () => number;
}

/** At most `size` tasks at once, the rest waiting their turn in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot goes straight to the next in line, so `active` never dips while tasks wait.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export interface TreeScanStats {
  /** Files handed to onFile (scanned or skipped). */
  files: number;
  scanned: number;
  skipped: Record<SkipReason, number>;
  /** Bytes read. */
  bytes: number;
  occurrences: number;
  /** The most files being sized or read at the same moment. */
  maxInFlight: number;
  /** Whether the signal stopped the scan before the end of the list. */
  aborted: boolean;
  /** Whether the list was longer than `maxFiles`. */
  capped: boolean;
  ms: number;
}

/** Whether a file's name says it is binary (its extension), so it is not even read. */
export function hasBinaryExtension(name: string): boolean {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const dot = name.lastIndexOf('.');
  if (dot <= slash + 1) return false; // no extension, or a dot file such as `.env`
  return BINARY_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** The file's text, or undefined when it is binary: a NUL byte early on, unless a UTF-16 mark explains it. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2) {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
    if (utf16) {
      try {
        return new TextDecoder(utf16).decode(bytes);
      } catch {
        return undefined; // a Node without full ICU has no utf-16be
      }
    }
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) >= 0) return undefined;
  // Not fatal: a stray invalid byte in a text file becomes U+FFFD and the rest is still scanned.
  return new TextDecoder('utf-8').decode(bytes);
}

/** Scans the bytes of one file (pure): its ids, or `binary`. The same answer as `scanText` of its text. */
export function scanContent(bytes: Uint8Array): FileScan {
  const text = decodeText(bytes);
  if (text === undefined) return { kind: 'skipped', reason: 'binary', bytes: bytes.length };
  // Most files hold no UUID (code has dashes, rarely 8-4-4-4-12 hex): one pass over the dashes, no
  // lines split, nothing kept.
  if (!holdsUuid(text)) return { kind: 'text', bytes: bytes.length, occurrences: [], lines: [] };
  // `split('\n')` is several times faster than splitLines' regular expression; without a `\r` in
  // the text the lines are the same.
  const lines = text.indexOf('\r') < 0 ? text.split('\n') : splitLines(text);
  // The ids and lines kept are copied: each is a slice of the whole text (V8 keeps substrings as
  // views of their parent), and one kept in the index would keep the whole file in memory.
  const occurrences = scanLines(lines).map((occurrence) => ({ ...occurrence, id: ownCopy(occurrence.id) }));
  const kept: string[] = [];
  for (const { line } of occurrences) kept[line] ??= ownCopy(lines[line]);
  return { kind: 'text', bytes: bytes.length, occurrences, lines: kept };
}

/**
 * `text` as a string of its own, not a view of a larger one (measured: 300 files of 100 KB with one
 * id each kept 31 MB in the index through their ids and previews; copied, nothing).
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

const DASH = 0x2d;

/**
 * Whether `text` has an 8-4-4-4-12 run of hex digits anywhere: every id `scanText` finds is one, so
 * without one it finds none. Jumps from dash to dash, as the id detection does.
 */
export function holdsUuid(text: string): boolean {
  for (let dash = text.indexOf('-', 8); dash !== -1; dash = text.indexOf('-', dash + 1)) {
    const start = dash - 8;
    if (start + 36 > text.length) return false;
    if (text.charCodeAt(start + 13) !== DASH || text.charCodeAt(start + 18) !== DASH || text.charCodeAt(start + 23) !== DASH) continue;
    if (hexRun(text, start, 8) && hexRun(text, start + 9, 4) && hexRun(text, start + 14, 4) && hexRun(text, start + 19, 4) && hexRun(text, start + 24, 12)) return true;
  }
  return false;
}

function hexRun(text: string, from: number, length: number): boolean {
  for (let i = from; i < from + length; i++) {
    const code = text.charCodeAt(i) | 0x20; // A-F as a-f; digits keep their code
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/** Reads and scans one file (a save, a create): never throws, a file that cannot be read is `unreadable`. */
export async function scanFile<F>(file: F, source: TreeScanSource<F>, options: Pick<TreeScanOptions, 'maxFileBytes'> = {}): Promise<FileScan> {
  const read = await readFile(file, source, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  return read.kind === 'bytes' ? scanContent(read.bytes) : read;
}

type Read = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | (FileScan & { readonly kind: 'skipped' });

async function readFile<F>(file: F, source: TreeScanSource<F>, maxBytes: number): Promise<Read> {
  if (hasBinaryExtension(source.name(file))) return { kind: 'skipped', reason: 'binary', bytes: 0 };
  try {
    const size = await source.size(file);
    if (size === undefined) return { kind: 'skipped', reason: 'unreadable', bytes: 0 };
    if (size > maxBytes) return { kind: 'skipped', reason: 'large', bytes: 0 };
    const bytes = await source.read(file);
    // It grew between the stat and the read.
    if (bytes.length > maxBytes) return { kind: 'skipped', reason: 'large', bytes: bytes.length };
    return { kind: 'bytes', bytes };
  } catch {
    return { kind: 'skipped', reason: 'unreadable', bytes: 0 };
  }
}

/**
 * Reads and scans `files`, handing each result to `onFile` as it comes (in no particular order). At
 * most `concurrency` files are sized or read at once; the synchronous part (decoding, scanning,
 * `onFile`) runs in slices of about `sliceMs`, with a `setImmediate` between them, so timers, I/O and
 * other extensions' work run in between. Never throws for a file: `onFile` gets `unreadable`.
 */
export async function scanTree<F>(files: readonly F[], source: TreeScanSource<F>, onFile: (file: F, scan: FileScan) => void, options: TreeScanOptions = {}): Promise<TreeScanStats> {
  const now = options.now ?? (() => performance.now());
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const { signal } = options;
  const started = now();
  const stats: TreeScanStats = { files: 0, scanned: 0, skipped: { binary: 0, large: 0, unreadable: 0 }, bytes: 0, occurrences: 0, maxInFlight: 0, aborted: false, capped: false, ms: 0 };
  const limit = Math.min(files.length, options.maxFiles ?? Infinity);
  stats.capped = limit < files.length;
  // Shared by the workers of this one scan (and only this one).
  let next = 0;
  let inFlight = 0;
  let sliceStart = now();

  /**
   * Waits for the event loop when this slice is used up. The worker that wakes first begins the next
   * slice; one woken after that goes on if the new slice has room, else waits again.
   */
  const turn = async () => {
    if (now() - sliceStart < sliceMs) return;
    for (;;) {
      const waitedAt = now();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (sliceStart <= waitedAt) {
        sliceStart = now();
        return;
      }
      if (now() - sliceStart < sliceMs) return;
    }
  };

  const worker = async () => {
    while (next < limit && !signal?.aborted) {
      const file = files[next++];
      const counted = async () => {
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        try {
          return await readFile(file, source, maxBytes);
        } finally {
          inFlight--;
        }
      };
      const read = await (options.limiter ? options.limiter.run(counted) : counted());
      await turn();
      if (signal?.aborted) break;
      const scan = read.kind === 'bytes' ? scanContent(read.bytes) : read;
      stats.files++;
      stats.bytes += scan.bytes;
      if (scan.kind === 'text') {
        stats.scanned++;
        stats.occurrences += scan.occurrences.length;
      } else stats.skipped[scan.reason]++;
      try {
        onFile(file, scan);
      } catch (error) {
        // One file's bookkeeping failing is a bug to report, not a reason to stop reading the rest.
        console.error('Braze Segments: a scanned file could not be recorded', error);
      }
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, limit));
  await Promise.all(Array.from({ length: workers }, worker));
  stats.aborted = !!signal?.aborted && stats.files < limit;
  stats.ms = now() - started;
  return stats;
}
