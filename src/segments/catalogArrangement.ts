// How the Segments view arranges the catalog: filtering, sorting and grouping by tag. Pure, so the
// tree only maps the result to tree items.
import type { SegmentSummary } from '../braze/model';
import { lazy } from '../common/lazy';

export type SegmentSort = 'braze' | 'name';

export interface ArrangeOptions {
  filter?: string;
  sort?: SegmentSort;
}

/** The display name of a segment without one. */
const UNNAMED = 'Unnamed segment';

export function displayName(segment: SegmentSummary): string {
  return segment.name?.trim() || UNNAMED;
}

/** Segments whose name, a tag or the id contains every word of `query`, ignoring case. */
export function filterSegments(segments: readonly SegmentSummary[], query: string | undefined): SegmentSummary[] {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return segments.slice();
  return segments.filter((segment) => {
    const haystack = `${segment.name ?? ''}\n${segment.tags.join('\n')}\n${segment.id}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const collator = lazy(() => new Intl.Collator('en', { sensitivity: 'base', numeric: true }));

export function sortSegments(segments: SegmentSummary[], sort: SegmentSort): SegmentSummary[] {
  // 'braze' keeps the list order: by creation time, in the direction it was loaded.
  return sort === 'name' ? segments.sort((a, b) => collator().compare(displayName(a), displayName(b))) : segments;
}

export function arrangeSegments(segments: readonly SegmentSummary[], options: ArrangeOptions): SegmentSummary[] {
  return sortSegments(filterSegments(segments, options.filter), options.sort ?? 'braze');
}

export interface TagGroup {
  /** The tag, or undefined for the untagged group. */
  tag: string | undefined;
  segments: SegmentSummary[];
}

/** One group per tag, sorted by tag; a segment with several tags is in each; untagged ones last. */
export function groupByTag(segments: readonly SegmentSummary[]): TagGroup[] {
  const groups = new Map<string, SegmentSummary[]>();
  const untagged: SegmentSummary[] = [];
  for (const segment of segments) {
    const tags = [...new Set(segment.tags.map((tag) => tag.trim()).filter(Boolean))];
    if (!tags.length) untagged.push(segment);
    for (const tag of tags) {
      let group = groups.get(tag);
      if (!group) groups.set(tag, (group = []));
      group.push(segment);
    }
  }
  const tagged = [...groups.entries()].sort(([a], [b]) => collator().compare(a, b)).map(([tag, list]) => ({ tag, segments: list }));
  return untagged.length ? [...tagged, { tag: undefined, segments: untagged }] : tagged;
}
