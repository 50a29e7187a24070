// What Braze accepts as an identifier: "all ASCII characters and at most 64 characters long".
// Checked before any request, so a bad id never costs a call or reaches a URL.
import * as l10n from '@vscode/l10n';

const MAX_SEGMENT_ID_LENGTH = 64;

/** Why `id` cannot be a segment id, or undefined when it can. */
export function segmentIdProblem(id: string): string | undefined {
  if (id.length === 0) return l10n.t('Enter a segment id.');
  if (id.length > MAX_SEGMENT_ID_LENGTH) return l10n.t('A segment id has at most {0} characters; this has {1}.', MAX_SEGMENT_ID_LENGTH, id.length);
  if (!/^[\x21-\x7e]+$/.test(id)) return l10n.t('A segment id is made of printable ASCII characters, without spaces.');
  return undefined;
}

export function isValidSegmentId(id: string): boolean {
  return segmentIdProblem(id) === undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID, in either case: the shape of every id Braze has shown. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** A UUID in lower case, as Braze writes segment ids (an uppercase copy would not be found); other text as it is. */
export function normalizeSegmentId(text: string): string {
  const trimmed = text.trim();
  return isUuid(trimmed) ? trimmed.toLowerCase() : trimmed;
}
