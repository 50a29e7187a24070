// How the Segments view arranges the catalog: filtering, sorting and grouping by tag. Pure, so the
// tree only maps the result to tree items.
import type { SegmentSummary } from '../braze/model';
import * as l10n from '@vscode/l10n';
import { lazy } from '../common/lazy';

export type SegmentSort = 'braze' | 'name';

export interface ArrangeOptions {
  filter?: string;
  sort?: SegmentSort;
}

export function displayName(segment: SegmentSummary): string {
  // The name of a segment without one: read when needed, never before activation loads the bundle.
  return segment.name?.trim() || l10n.t('Unnamed segment');
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
  // Plain loops: at 100,000 segments a Set and two arrays per segment cost a quarter of a second.
  const seen: string[] = [];
  for (const segment of segments) {
    seen.length = 0;
    for (const raw of segment.tags) {
      const tag = raw.trim();
      if (!tag || seen.includes(tag)) continue;
      seen.push(tag);
      let group = groups.get(tag);
      if (!group) groups.set(tag, (group = []));
      group.push(segment);
    }
    if (!seen.length) untagged.push(segment);
  }
  const tagged = [...groups.entries()].sort(([a], [b]) => collator().compare(a, b)).map(([tag, list]) => ({ tag, segments: list }));
  return untagged.length ? [...tagged, { tag: undefined, segments: untagged }] : tagged;
}

// ---- Arranging a large list again and again, as its pages arrive -----------------------------------
// At 100,000 segments a full filter costs ~250 ms here, a sort by name over a second and grouping
// ~250 ms: done on every redraw, they stall the extension host. A ListArranger keeps its last
// results and redoes only what changed: nothing when the list, filter and sort are the same, and
// only the new rows when a list grew at its end (the pages of a load).

/** Whether `list` starts with every row of `prefix`, the same objects in the same order. */
export function extendsList<T>(prefix: readonly T[], list: readonly T[]): boolean {
  if (list.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

/** The text a filter searches in, lower case, built once per row object. */
export class SegmentHaystacks {
  private readonly texts = new WeakMap<SegmentSummary, string>();

  of(segment: SegmentSummary): string {
    let text = this.texts.get(segment);
    if (text === undefined) {
      text = `${segment.name ?? ''}\n${segment.tags.join('\n')}\n${segment.id}`.toLowerCase();
      this.texts.set(segment, text);
    }
    return text;
  }

  /** Whether `segment` contains every one of `words` (lower case). */
  matches(segment: SegmentSummary, words: readonly string[]): boolean {
    const text = this.of(segment);
    for (const word of words) if (!text.includes(word)) return false;
    return true;
  }
}

/** The words of a filter, lower case; none for an empty one. */
export function filterWords(query: string | undefined): string[] {
  return (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

function compareByName(a: SegmentSummary, b: SegmentSummary): number {
  return collator().compare(displayName(a), displayName(b));
}

/**
 * `sorted` with `added` (sorted too) merged in. Each added row goes after the rows that compare equal
 * to it, as a stable sort of the whole list puts it (the added rows come later in the list). Costs
 * log(n) comparisons per added row and one copy.
 */
export function mergeSorted<T>(sorted: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): T[] {
  const result: T[] = [];
  let from = 0;
  for (const row of added) {
    let low = from;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(sorted[middle], row) <= 0) low = middle + 1;
      else high = middle;
    }
    for (let i = from; i < low; i++) result.push(sorted[i]);
    result.push(row);
    from = low;
  }
  for (let i = from; i < sorted.length; i++) result.push(sorted[i]);
  return result;
}

/** A result, the input it was made from and the options that shaped it. */
interface Memo<Result> {
  from: readonly SegmentSummary[];
  key: string;
  result: Result;
}

/**
 * One list's arrangement, remembered: `arrange` and `groups` return the very same arrays while their
 * inputs are the same (so a redraw can tell by identity that nothing changed), and redo only the new
 * rows when the list grew at its end. The filter runs first, in the list's order, so each step's
 * input grows at its end while pages arrive, and so does each tag group's. Pure: no timers, no vscode.
 */
export class ListArranger {
  readonly haystacks = new SegmentHaystacks();
  private filtered: Memo<readonly SegmentSummary[]> | undefined;
  private sorted: Memo<readonly SegmentSummary[]> | undefined;
  private grouped: Memo<TagGroup[]> | undefined;
  private sortedGroups: Memo<TagGroup[]> | undefined;
  /** Each tag group's rows sorted by name, by group key. */
  private groupSorts = new Map<string | undefined, Memo<readonly SegmentSummary[]>>();

  /** `segments` filtered and sorted, as `arrangeSegments` would. */
  arrange(segments: readonly SegmentSummary[], options: ArrangeOptions): readonly SegmentSummary[] {
    const filtered = this.filter(segments, filterWords(options.filter));
    if ((options.sort ?? 'braze') === 'braze') return filtered;
    this.sorted = { from: filtered, key: 'name', result: sortedByName(this.sorted, filtered) };
    return this.sorted.result;
  }

  /** `segments` filtered, grouped by tag and each group sorted, as `groupByTag(arrangeSegments(…))` would. */
  groups(segments: readonly SegmentSummary[], options: ArrangeOptions): TagGroup[] {
    const filtered = this.filter(segments, filterWords(options.filter));
    const byName = (options.sort ?? 'braze') === 'name';
    const done = byName ? this.sortedGroups : this.grouped;
    if (done?.from === filtered) return done.result;
    const memo = this.grouped;
    let inOrder: TagGroup[];
    if (memo?.from === filtered) inOrder = memo.result;
    else inOrder = memo && extendsList(memo.from, filtered) ? appendToGroups(memo.result, filtered.slice(memo.from.length)) : groupByTag(filtered);
    // Kept in the list's order too, for the next page: the sorted copies are the ones returned.
    this.grouped = { from: filtered, key: '', result: inOrder };
    if (!byName) return inOrder;
    const sorts = new Map<string | undefined, Memo<readonly SegmentSummary[]>>();
    const result = inOrder.map((group) => {
      const sorted: Memo<readonly SegmentSummary[]> = { from: group.segments, key: 'name', result: sortedByName(this.groupSorts.get(group.tag), group.segments) };
      sorts.set(group.tag, sorted);
      return { tag: group.tag, segments: sorted.result as SegmentSummary[] };
    });
    this.groupSorts = sorts;
    this.sortedGroups = { from: filtered, key: '', result };
    return result;
  }

  private filter(segments: readonly SegmentSummary[], words: readonly string[]): readonly SegmentSummary[] {
    if (!words.length) return segments;
    const key = words.join(' ');
    const memo = this.filtered;
    if (memo?.key === key && memo.from === segments) return memo.result;
    const grown = memo?.key === key && extendsList(memo.from, segments);
    const start = grown ? memo.from.length : 0;
    const result: SegmentSummary[] = grown ? memo.result.slice() : [];
    for (let i = start; i < segments.length; i++) if (this.haystacks.matches(segments[i], words)) result.push(segments[i]);
    this.filtered = { from: segments, key, result };
    return result;
  }
}

/** `list` sorted by name, from the last sort (`memo`) when `list` is the same or grew at its end. */
function sortedByName(memo: Memo<readonly SegmentSummary[]> | undefined, list: readonly SegmentSummary[]): readonly SegmentSummary[] {
  if (memo?.from === list) return memo.result;
  if (memo && extendsList(memo.from, list)) return mergeSorted(memo.result, list.slice(memo.from.length).sort(compareByName), compareByName);
  return list.slice().sort(compareByName);
}

/** Groups with `added` rows put in, new arrays only for the groups that got some (the others kept). */
function appendToGroups(groups: readonly TagGroup[], added: readonly SegmentSummary[]): TagGroup[] {
  if (!added.length) return groups.slice();
  const extra = groupByTag(added);
  if (!extra.length) return groups.slice();
  const byKey = new Map(groups.map((group) => [group.tag, group]));
  for (const group of extra) {
    const old = byKey.get(group.tag);
    byKey.set(group.tag, { tag: group.tag, segments: old ? [...old.segments, ...group.segments] : group.segments });
  }
  const tagged = [...byKey.values()].filter((group) => group.tag !== undefined).sort((a, b) => collator().compare(a.tag!, b.tag!));
  const untagged = byKey.get(undefined);
  return untagged ? [...tagged, untagged] : tagged;
}
