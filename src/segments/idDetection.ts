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
const SEGMENT_CONTEXT_LINES = 2;

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

/**
 * What the code says an id at `[start, end)` of line `lineIndex` is:
 * - `segment`: its own line names a segment (`segment_id`, `segmentId`, `SEGMENT`, `/segments/`);
 * - `other`: its own line names something else (`campaign_id`, `canvas_id`, a trace or request id,
 *   `app_id`, an API key, `Authorization`, `Bearer`), whatever the neighbours say. Such an id is
 *   never sent to Braze: it may be a key;
 * - `nearby`: its own line names nothing, and the lines around it (or the key it is listed under,
 *   like a YAML list under `segments:`) mention segments;
 * - `none`: nothing says anything.
 * On its own line, the word closest before the id decides (so each id of
 * `{"campaign_id": "…", "segment_id": "…"}` gets its own answer), else the closest after it.
 */
export type SegmentContext = 'segment' | 'other' | 'nearby' | 'none';

// Words that say an id is something else. `\b` is no use around `_`, so the boundaries are spelled out.
const OTHER_WORD = /(campaign|canvas|template|trace|request|send|app|message|variant|step|external|user)[_-]?ids?\b|campaign|canvas|trace[_-]?id|request[_-]?id|app[_-]?id|api[_-]?key|authorization|bearer|secret|token/gi;
const SEGMENT_WORD_GLOBAL = /segment/gi;
// The words of OTHER_WORD that name a credential (each also matches OTHER_WORD, at the same place).
const KEY_WORD = /api[_-]?key|authorization|bearer/gi;
/** How far up a YAML or JSON list looks for the key it belongs to. */
const PARENT_LOOKUP_LINES = 50;

export function segmentContextAt(lines: readonly string[] | LineSource, lineIndex: number, start: number, end: number): SegmentContext {
  const line = lineText(lines, lineIndex);
  if (line.length > MAX_SCANNED_LINE_LENGTH) return 'none';
  const own = ownLineContext(line, start, end);
  if (own) return own;
  if (isSegmentContext(lines, lineIndex) || parentKeyNamesSegments(lines, lineIndex, line)) return 'nearby';
  return 'none';
}

function ownLineContext(line: string, start: number, end: number): 'segment' | 'other' | undefined {
  // Only this id's stretch of the line: from the end of the id before it to the start of the next.
  const ids = findSegmentIds(line);
  const index = ids.findIndex((found) => found.start === start);
  const from = index > 0 ? ids[index - 1].end : 0;
  const to = index >= 0 && index + 1 < ids.length ? ids[index + 1].start : line.length;
  const before = lastWord(line.slice(from, start));
  if (before) return before;
  return firstWord(line.slice(end, to));
}

/**
 * Whether the id at `[start, end)` stands where a credential does: the word its own line names it by
 * is `api_key`, `*_API_KEY`, `Authorization` or `Bearer`. Such a UUID is never sent to Braze, and a
 * REST API key in source code is worth a warning.
 */
export function looksLikeApiKeyAt(line: string, start: number, end: number): boolean {
  if (line.length > MAX_SCANNED_LINE_LENGTH || ownLineContext(line, start, end) !== 'other') return false;
  const ids = findSegmentIds(line);
  const index = ids.findIndex((found) => found.start === start);
  const from = index > 0 ? ids[index - 1].end : 0;
  const before = line.slice(from, start);
  const lastOther = lastIndex(OTHER_WORD, before);
  if (lastOther >= 0) return lastIndex(KEY_WORD, before) === lastOther;
  const to = index >= 0 && index + 1 < ids.length ? ids[index + 1].start : line.length;
  const after = line.slice(end, to);
  const firstOther = after.search(new RegExp(OTHER_WORD.source, 'i'));
  return firstOther >= 0 && after.search(new RegExp(KEY_WORD.source, 'i')) === firstOther;
}

function lastWord(text: string): 'segment' | 'other' | undefined {
  const segment = lastIndex(SEGMENT_WORD_GLOBAL, text);
  const other = lastIndex(OTHER_WORD, text);
  if (segment < 0 && other < 0) return undefined;
  return segment > other ? 'segment' : 'other';
}

function firstWord(text: string): 'segment' | 'other' | undefined {
  const segment = text.search(SEGMENT_WORD);
  const other = text.search(new RegExp(OTHER_WORD.source, 'i'));
  if (segment < 0 && other < 0) return undefined;
  if (segment < 0) return 'other';
  if (other < 0) return 'segment';
  return segment < other ? 'segment' : 'other';
}

function lastIndex(pattern: RegExp, text: string): number {
  let last = -1;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) last = match.index + match[0].length;
  return last;
}

/**
 * Whether line `lineIndex` is an item of a list (or a value of a map) whose key, the first less
 * indented line above, mentions segments (`segments:` in YAML, `"segments": [` in JSON): the
 * `nearby` of `segmentContextAt` that comes from the enclosing key rather than from any neighbour.
 */
export function isUnderSegmentsKey(lines: readonly string[] | LineSource, lineIndex: number): boolean {
  return parentKeyNamesSegments(lines, lineIndex, lineText(lines, lineIndex));
}

/** A list item (`- <id>`, `"<id>",`) whose enclosing key, the first less indented line above, mentions segments. */
function parentKeyNamesSegments(lines: readonly string[] | LineSource, lineIndex: number, line: string): boolean {
  const indent = line.search(/\S/);
  if (indent <= 0) return false;
  const count = isLineArray(lines) ? lines.length : lines.lineCount;
  for (let i = lineIndex - 1; i >= Math.max(0, lineIndex - PARENT_LOOKUP_LINES) && i < count; i--) {
    const text = lineText(lines, i);
    const own = text.search(/\S/);
    if (own < 0 || own >= indent) continue;
    return text.length <= MAX_SCANNED_LINE_LENGTH && SEGMENT_WORD.test(text);
  }
  return false;
}

function lineText(lines: readonly string[] | LineSource, index: number): string {
  return isLineArray(lines) ? lines[index] : lines.lineAt(index).text;
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
