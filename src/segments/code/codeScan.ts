// Every UUID in a text, with what its own line (and, failing that, its neighbours) says it is: the one
// recognition the hover, the inlay hints, the problems, the completion and the Segments in Code view
// share. Pure and allocation-light: a workspace scan runs it over every file.
import { MAX_SCANNED_LINE_LENGTH, type SegmentContext, findSegmentIds, looksLikeApiKeyAt, segmentContextAt } from '../idDetection';

export interface IdOccurrence {
  /** Lower case. */
  readonly id: string;
  /** Zero-based line and UTF-16 columns `[start, end)`. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly context: SegmentContext;
  /** Its own line names it as a credential (`api_key`, `Bearer`, …): never sent, and worth a warning. */
  readonly apiKey: boolean;
}

/** The lines of a text, without their line breaks (`\r\n`, `\n` or `\r`). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Every UUID of `text` (lines longer than MAX_SCANNED_LINE_LENGTH are skipped). */
export function scanText(text: string): IdOccurrence[] {
  // Most files hold no UUID at all: a dash-free or short text costs one search.
  if (text.indexOf('-') < 0) return [];
  return scanLines(splitLines(text));
}

export function scanLines(lines: readonly string[]): IdOccurrence[] {
  const found: IdOccurrence[] = [];
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    if (text.length > MAX_SCANNED_LINE_LENGTH || text.indexOf('-') < 0) continue;
    for (const { id, start, end } of findSegmentIds(text)) {
      const context = segmentContextAt(lines, line, start, end);
      found.push({ id, line, start, end, context, apiKey: context === 'other' && looksLikeApiKeyAt(text, start, end) });
    }
  }
  return found;
}

/** Whether an occurrence may be a segment id at all: anything its own line calls something else is not. */
export function maySegment(occurrence: IdOccurrence): boolean {
  return occurrence.context !== 'other';
}

/** Whether the code says it is a segment id (so an unknown one deserves a word). */
export function saysSegment(occurrence: IdOccurrence): boolean {
  return occurrence.context === 'segment' || occurrence.context === 'nearby';
}
