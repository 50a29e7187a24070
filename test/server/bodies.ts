// The JSON bodies the test server answers with: the three segment endpoints, the deterministic data
// series, and the deliberately broken variants. Pure functions, so they are easy to reason about apart
// from the HTTP plumbing in brazeServer.ts.
import type { ServerSegment } from './fixtures';
import { hashString, seededRandom } from './random';

export type Endpoint = 'details' | 'list' | 'data_series';
export type Malformation = 'not-json' | 'wrong-types' | 'missing-message';
export type SortDirection = 'asc' | 'desc';

export const LIST_PAGE_SIZE = 100;
const DAY_MS = 24 * 3600 * 1000;

/** Copies the fields that are present (null included) and leaves absent ones out of the JSON entirely. */
function presentFields<K extends keyof ServerSegment>(segment: ServerSegment, keys: readonly K[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (segment[key] !== undefined) out[key] = segment[key];
  return out;
}

export function detailsBody(segment: ServerSegment): Record<string, unknown> {
  return {
    message: 'success',
    ...presentFields(segment, ['created_at', 'updated_at', 'name', 'description', 'text_description', 'tags', 'teams']),
  };
}

/** Creation time for sorting; segments without one sort first, ties broken by id so paging is stable. */
function compareByCreation(a: ServerSegment, b: ServerSegment): number {
  const time = (s: ServerSegment) => (s.created_at ? Date.parse(s.created_at) || 0 : 0);
  return time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// Sorting 10,000 segments for each of 100 pages, or copying and reversing 100,000 of them for each
// newest-first page, would make the server, not the client, the slow part of a paging test or a
// bench: remember both orders until the segments array is replaced (setSegments) or changes length.
const sortedOrder = new WeakMap<readonly ServerSegment[], { length: number; asc: ServerSegment[]; desc?: ServerSegment[] }>();

function sortedByCreation(segments: readonly ServerSegment[], direction: SortDirection): ServerSegment[] {
  let sorted = sortedOrder.get(segments);
  if (!sorted || sorted.length !== segments.length) {
    sorted = { length: segments.length, asc: [...segments].sort(compareByCreation) };
    sortedOrder.set(segments, sorted);
  }
  if (direction === 'asc') return sorted.asc;
  sorted.desc ??= [...sorted.asc].reverse();
  return sorted.desc;
}

/** One page of the list: only the page's rows are copied, whatever the list's size. */
export function listBody(segments: readonly ServerSegment[], page: number, direction: SortDirection): Record<string, unknown> {
  const slice = sortedByCreation(segments, direction).slice(page * LIST_PAGE_SIZE, (page + 1) * LIST_PAGE_SIZE);
  return {
    message: 'success',
    segments: slice.map((s) => ({ id: s.id, ...presentFields(s, ['name', 'analytics_tracking_enabled', 'tags']) })),
  };
}

export interface SeriesPoint {
  time: string;
  size: number;
}

/**
 * `length` daily sizes, oldest first, ending on the UTC day of `endingAtMs`. A day's size depends only
 * on the segment and the day (never on the request), so overlapping windows agree: a slow wave gives
 * each segment a trend over a 100-day window, plus a weekly rhythm and a little noise.
 */
export function dataSeries(segment: ServerSegment, length: number, endingAtMs: number): SeriesPoint[] {
  const idHash = hashString(segment.id);
  const shape = seededRandom(idHash);
  const base = segment.baseSize ?? 500 + (idHash % 250_000);
  const amplitude = 0.05 + shape() * 0.25; // at most ±30%, so sizes never go negative
  const period = 60 + shape() * 180; // days
  const phase = shape() * period;
  const weekly = 0.01 + shape() * 0.03;

  const lastDay = Math.floor(endingAtMs / DAY_MS);
  const points: SeriesPoint[] = [];
  for (let day = lastDay - length + 1; day <= lastDay; day++) {
    const noise = (seededRandom(hashString(`${segment.id}:${day}`))() - 0.5) * 0.04;
    const size =
      base *
      (1 + amplitude * Math.sin((2 * Math.PI * (day + phase)) / period)) *
      (1 + weekly * Math.sin((2 * Math.PI * day) / 7)) *
      (1 + noise);
    points.push({ time: new Date(day * DAY_MS).toISOString().slice(0, 10), size: Math.max(0, Math.round(size)) });
  }
  return points;
}

/** Same shape as the real answer, wrong types everywhere a client might trust them. */
const WRONG_TYPES: Record<Endpoint, Record<string, unknown>> = {
  details: {
    message: 'success',
    name: 42,
    description: ['not', 'a', 'string'],
    text_description: { text: 'object' },
    tags: 'x',
    teams: 7,
    created_at: 1700000000,
    updated_at: false,
  },
  list: { message: 'success', segments: [{ id: 42, name: 42, analytics_tracking_enabled: 'yes', tags: 'x' }] },
  data_series: { message: 'success', data: [{ time: 20240101, size: 'big' }, 'not a point'] },
};

/** The text of a 200 answer broken the way `kind` says, built from the good body it replaces. */
export function malformedText(kind: Malformation, endpoint: Endpoint, goodBody: Record<string, unknown>): string {
  switch (kind) {
    case 'not-json': {
      // Cut in half: a truncated object is never valid JSON (its closing brace is gone).
      const text = JSON.stringify(goodBody);
      return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    }
    case 'wrong-types':
      return JSON.stringify(WRONG_TYPES[endpoint]);
    case 'missing-message': {
      const rest = { ...goodBody };
      delete rest.message;
      return JSON.stringify(rest);
    }
  }
}
