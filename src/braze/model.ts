// What the rest of the extension knows of a segment: Braze's fields, with absent and null folded
// into `undefined` and empty lists, so no caller deals with both.

export interface SegmentDetails {
  id: string;
  name?: string;
  /** Braze's description of the segment's filters. */
  description?: string;
  /** The description a person wrote. */
  textDescription?: string;
  tags: string[];
  teams: string[];
  /** How many more tags Braze sent than are kept (see INGEST_LIMITS); absent when none. */
  tagsOmitted?: number;
  teamsOmitted?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface SegmentSummary {
  id: string;
  name?: string;
  analyticsTrackingEnabled?: boolean;
  tags: string[];
  tagsOmitted?: number;
}

export interface SegmentSizePoint {
  /** ISO 8601 date. */
  time: string;
  size: number;
}

export type SortDirection = 'asc' | 'desc';

/** Braze answers `/segments/list` in pages of this size; a shorter page is the last. */
export const SEGMENT_LIST_PAGE_SIZE = 100;

/** Whether two tag lists say the same, in the same order (the list and the details agree). */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
