// Finds segment ids in a line of any language. Braze shows segment ids as UUIDs; one counts when it
// stands alone (bare, quoted, in a URL or query string), not inside a longer hex or word run.

export interface FoundId {
  /** Lower case, as Braze shows it. */
  id: string;
  start: number;
  end: number;
}

/** Lines longer than this are skipped: minified files and data blobs are not worth a scan. */
export const MAX_SCANNED_LINE_LENGTH = 10_000;

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
// Not preceded by a word character or "hex-", not followed by a word character or "-hex".
const STANDALONE_UUID = new RegExp(`(?<![0-9A-Za-z_]|[0-9A-Fa-f]-)${UUID}(?![0-9A-Za-z_]|-[0-9A-Fa-f])`, 'g');

export function findSegmentIds(line: string): FoundId[] {
  if (line.length > MAX_SCANNED_LINE_LENGTH) return [];
  const found: FoundId[] = [];
  for (const match of line.matchAll(STANDALONE_UUID)) {
    found.push({ id: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** The id under `character` (a cursor or mouse position, inclusive of both ends), if any. */
export function segmentIdAt(line: string, character: number): FoundId | undefined {
  // Only the UUID-sized window around the position can hold it: no need to scan the whole line.
  const from = Math.max(0, character - 40);
  const window = line.slice(from, character + 40);
  const hit = findSegmentIds(window).find((found) => found.start + from <= character && character <= found.end + from);
  return hit && { id: hit.id, start: hit.start + from, end: hit.end + from };
}
