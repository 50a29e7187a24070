// Where segment completion may offer ids: the cursor inside a string that is still open on its line,
// and whether the code says a segment id goes there. Pure, so the languages it has to read
// (TypeScript, Python, JSON, YAML, SQL, Markdown, …) are unit-tested without an editor.
//
// "The code says a segment id goes here" is the recognition every surface shares (idDetection.ts),
// read strictly: the string's own line names a segment (`segment_id: "`, `SEGMENT = '`,
// `/segments/details?segment_id=`), or the line is an item under a key that names segments (a
// `segments:` list in YAML, `"segments": [` in JSON). A mere mention of segments two lines away is
// enough for the hover to speak, but not for a list to pop up while someone types a quote.
import { type LineSource, MAX_SCANNED_LINE_LENGTH, isUnderSegmentsKey, segmentContextAt } from '../idDetection';

export interface CompletionSpot {
  /** Where what was typed starts: just after the quote (or after `=` in a URL's query string). */
  readonly start: number;
  /** The cursor. */
  readonly end: number;
  /** Where the value being typed ends after the cursor (the closing quote, if it is on the line): what a replace overwrites. */
  readonly replaceEnd: number;
  /** What was typed: the line from `start` to the cursor. */
  readonly typed: string;
  /** In a quoted string; false for a bare YAML value (`- Lap`, `segment_id: Lap`). */
  readonly quoted: boolean;
  /** The code says a segment id goes here. */
  readonly segment: boolean;
}

export interface SpotOptions {
  /**
   * Whether a bare value counts (YAML: `  - Lap` under `segments:`, `segment_id: Lap`). Only in a
   * segment context: elsewhere a bare word is any code.
   */
  readonly bare?: boolean;
}

const QUOTES = new Set(['"', "'", '`']);
/** Words that open a string right before a quote: Python's f'' r'' b'' u'' rb'', SQL's N'' E'' X''. */
const STRING_PREFIX = /^(?:[fFrRbBuU]{1,2}|[nNeExX])$/;
/** How far back a word before an apostrophe is read: string prefixes are at most two letters. */
const PREFIX_LOOKBACK = 3;
/** `?segment_id=…` or `&segment_id=…` inside a URL string: the value starts after the `=`. */
const QUERY_VALUE = /[?&][\w.[\]-]*=([^&=#]*)$/;
/** YAML: `- value` or `key: value` (or `- key: value`), the value bare and not a comment. */
const BARE_VALUE = /^\s*(?:-\s+)?(?:[\w.-]+\s*:\s+)?([^\s'"`#&*!|>{[][^#]*)?$/;

/**
 * Where a completion would put an id at `character` of line `lineIndex`, or undefined when the cursor
 * is in no string (or the line is too long to be code).
 */
export function completionSpotAt(lines: readonly string[] | LineSource, lineIndex: number, character: number, options: SpotOptions = {}): CompletionSpot | undefined {
  const line = Array.isArray(lines) ? (lines as readonly string[])[lineIndex] : (lines as LineSource).lineAt(lineIndex).text;
  if (line === undefined || line.length > MAX_SCANNED_LINE_LENGTH || character < 0 || character > line.length) return undefined;
  const open = openQuoteBefore(line, character);
  if (open !== undefined) {
    const quote = line[open];
    let start = open + 1;
    const query = QUERY_VALUE.exec(line.slice(start, character));
    if (query) start = character - query[1].length;
    const replaceEnd = closingQuoteAfter(line, character, quote, query !== null);
    return spot(lines, lineIndex, line, start, character, replaceEnd, true);
  }
  if (!options.bare || line.trimStart().startsWith('#')) return undefined;
  const bare = BARE_VALUE.exec(line.slice(0, character));
  // A bare value needs a key or a list dash before it: a word alone on a line is no value.
  if (!bare || !/[-:]\s/.test(line.slice(0, character - (bare[1]?.length ?? 0)))) return undefined;
  const start = character - (bare[1]?.length ?? 0);
  let replaceEnd = character;
  while (replaceEnd < line.length && !/[\s#]/.test(line[replaceEnd])) replaceEnd++;
  const found = spot(lines, lineIndex, line, start, character, replaceEnd, false);
  return found.segment ? found : undefined;
}

function spot(lines: readonly string[] | LineSource, lineIndex: number, line: string, start: number, end: number, replaceEnd: number, quoted: boolean): CompletionSpot {
  return { start, end, replaceEnd, typed: line.slice(start, end), quoted, segment: saysSegmentHere(lines, lineIndex, start, end) };
}

/** The strict reading of the shared recognition (see the top of this file). */
function saysSegmentHere(lines: readonly string[] | LineSource, lineIndex: number, start: number, end: number): boolean {
  const context = segmentContextAt(lines, lineIndex, start, end);
  return context === 'segment' || (context === 'nearby' && isUnderSegmentsKey(lines, lineIndex));
}

/**
 * The index of the quote that opened the string the cursor is in, if one is still open at
 * `character`. Backslash escapes are skipped; an apostrophe right after a word (`it's`) opens nothing
 * unless the word is a string prefix (`f'`, `N'`).
 */
function openQuoteBefore(line: string, character: number): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < character; i++) {
    const ch = line[i];
    if (open !== undefined) {
      if (ch === '\\') i++;
      else if (ch === line[open]) open = undefined;
      continue;
    }
    if (!QUOTES.has(ch)) continue;
    if (ch === "'" && isApostrophe(line, i)) continue;
    open = i;
  }
  return open;
}

/** A `'` glued to the word before it (`it's`, `users'`), unless that word is a string prefix. */
function isApostrophe(line: string, quote: number): boolean {
  let from = quote;
  while (from > 0 && from > quote - PREFIX_LOOKBACK - 1 && /\w/.test(line[from - 1])) from--;
  if (from === quote) return false;
  // A word longer than any prefix (the walk stopped on a word character) is a word.
  if (from > 0 && /\w/.test(line[from - 1])) return true;
  return !STRING_PREFIX.test(line.slice(from, quote));
}

/** Where the value after the cursor ends: its closing quote on the line (or `&` in a query string), else the cursor. */
function closingQuoteAfter(line: string, character: number, quote: string, query: boolean): number {
  for (let i = character; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === quote || (query && (ch === '&' || ch === '#'))) return i;
  }
  return character;
}
