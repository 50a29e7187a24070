// What Braze accepts as an identifier: "all ASCII characters and at most 64 characters long".
// Checked before any request, so a bad id never costs a call or reaches a URL.

export const MAX_SEGMENT_ID_LENGTH = 64;

/** Why `id` cannot be a segment id, or undefined when it can. */
export function segmentIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'Enter a segment id.';
  if (id.length > MAX_SEGMENT_ID_LENGTH) return `A segment id has at most ${MAX_SEGMENT_ID_LENGTH} characters; this has ${id.length}.`;
  if (!/^[\x21-\x7e]+$/.test(id)) return 'A segment id is made of printable ASCII characters, without spaces.';
  return undefined;
}

export function isValidSegmentId(id: string): boolean {
  return segmentIdProblem(id) === undefined;
}
