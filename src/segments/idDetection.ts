// Finds segment ids in a line of any language. Braze shows segment ids as UUIDs; one counts when it
// stands alone (bare, quoted, in a URL or query string), not inside a longer hex or word run.
//
// A hand-written scanner rather than a regular expression: the hover runs this on every mouse move
// and the whole-document scan on every line, so it jumps from dash to dash (a UUID's first dash is
// always 8 characters in) and looks at characters only around them. Most lines have no dash at all.

export interface FoundId {
  /** Lower case, as Braze shows it. */
  id: string;
  start: number;
  end: number;
}

/** Lines longer than this are skipped: minified files and data blobs are not worth a scan. */
export const MAX_SCANNED_LINE_LENGTH = 10_000;

/** How many lines above and below an id's line are read for the word "segment". */
export const SEGMENT_CONTEXT_LINES = 2;

const UUID_LENGTH = 36;
const FIRST_DASH = 8;
const DASH = 0x2d;

// Character classes by char code, for the ASCII range only; anything else is neither.
const HEX = new Uint8Array(128);
const ALNUM = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  HEX[c] = /[0-9A-Fa-f]/.test(ch) ? 1 : 0;
  ALNUM[c] = /[0-9A-Za-z]/.test(ch) ? 1 : 0;
}
const UNDERSCORE = 0x5f;

function isHex(code: number): boolean {
  return code < 128 && HEX[code] === 1;
}

function isWordChar(code: number): boolean {
  return code < 128 && (ALNUM[code] === 1 || code === UNDERSCORE);
}

export function findSegmentIds(line: string): FoundId[] {
  if (line.length > MAX_SCANNED_LINE_LENGTH) return [];
  return scan(line, 0, line.length, undefined);
}

/** The id under `character` (a cursor or mouse position, inclusive of both ends), if any. */
export function segmentIdAt(line: string, character: number): FoundId | undefined {
  if (line.length > MAX_SCANNED_LINE_LENGTH || character < 0) return undefined;
  // An id covering `character` starts in [character - 36, character], so its first dash is in this
  // range: no need to look at the rest of the line.
  const from = Math.max(0, character - UUID_LENGTH + FIRST_DASH);
  const to = Math.min(line.length, character + FIRST_DASH + 1);
  return scan(line, from, to, character)[0];
}

/**
 * True when the id's line or the lines around it mention "segment" in any case (`segment_id`,
 * `segmentId`, `SEGMENTS`, `/segments/details`): then an unknown id deserves a "not found" answer
 * rather than silence. `lines` is an array of lines, or anything shaped like a VS Code TextDocument.
 */
export function isSegmentContext(lines: readonly string[] | LineSource, lineIndex: number): boolean {
  const count = isLineArray(lines) ? lines.length : lines.lineCount;
  const first = Math.max(0, lineIndex - SEGMENT_CONTEXT_LINES);
  const last = Math.min(count - 1, lineIndex + SEGMENT_CONTEXT_LINES);
  for (let i = first; i <= last; i++) {
    const text = isLineArray(lines) ? lines[i] : lines.lineAt(i).text;
    // A neighbouring minified line says nothing about this id.
    if (text.length <= MAX_SCANNED_LINE_LENGTH && SEGMENT_WORD.test(text)) return true;
  }
  return false;
}

/** The part of a VS Code TextDocument that `isSegmentContext` reads. */
export interface LineSource {
  readonly lineCount: number;
  lineAt(line: number): { readonly text: string };
}

const SEGMENT_WORD = /segment/i;

function isLineArray(lines: readonly string[] | LineSource): lines is readonly string[] {
  return Array.isArray(lines);
}

/** Ids whose first dash lies in [from, to); with `covering`, only the one that covers that position. */
function scan(line: string, from: number, to: number, covering: number | undefined): FoundId[] {
  const found: FoundId[] = [];
  let dash = line.indexOf('-', from);
  while (dash !== -1 && dash < to) {
    const start = dash - FIRST_DASH;
    if (start >= 0 && isUuidAt(line, start) && standsAlone(line, start, start + UUID_LENGTH)) {
      const end = start + UUID_LENGTH;
      if (covering === undefined || (start <= covering && covering <= end)) {
        found.push({ id: line.slice(start, end).toLowerCase(), start, end });
        if (covering !== undefined) return found;
      }
      dash = line.indexOf('-', end);
    } else {
      dash = line.indexOf('-', dash + 1);
    }
  }
  return found;
}

/** 8-4-4-4-12 hex digits with dashes between, starting at `start`. */
function isUuidAt(line: string, start: number): boolean {
  if (start + UUID_LENGTH > line.length) return false;
  for (let i = 0; i < UUID_LENGTH; i++) {
    const code = line.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== DASH) return false;
    } else if (!isHex(code)) return false;
  }
  return true;
}

/**
 * Not glued to a word (`x<id>`, `<id>_v2`, `<id>0`), and not one more group of a longer hex run
 * (`abcd-<id>`, `<id>-1f`). A dash next to a real word still counts (`segment-<id>`, `<id>-export`).
 */
function standsAlone(line: string, start: number, end: number): boolean {
  if (start > 0) {
    const before = line.charCodeAt(start - 1);
    if (isWordChar(before)) return false;
    if (before === DASH && isHexWord(line, start - 2, -1)) return false;
  }
  if (end < line.length) {
    const after = line.charCodeAt(end);
    if (isWordChar(after)) return false;
    if (after === DASH && isHexWord(line, end + 1, 1)) return false;
  }
  return true;
}

/** Whether the run of ASCII letters and digits starting at `from` (walking by `step`) is all hex. */
function isHexWord(line: string, from: number, step: 1 | -1): boolean {
  let length = 0;
  for (let i = from; i >= 0 && i < line.length; i += step) {
    const code = line.charCodeAt(i);
    if (code >= 128 || ALNUM[code] !== 1) break;
    if (HEX[code] !== 1) return false;
    length++;
  }
  return length > 0;
}
