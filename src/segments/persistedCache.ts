// The segment cache as saved between sessions (the UI keeps it in globalState). Writing is plain
// JSON-safe data; reading trusts nothing: storage can hold an older version, another workspace's
// data, or anything a bug or a hand edit left there, and a bad entry is skipped, never thrown on.
import type { SegmentDetails } from '../braze/model';
import { isValidSegmentId } from '../braze/segmentId';

/** What the cache knows of an id: its details, or that Braze has no such segment. */
export type StoredEntry = { kind: 'found'; details: SegmentDetails; fetchedAt: number } | { kind: 'missing'; fetchedAt: number };

export const PERSISTED_CACHE_VERSION = 1;

export interface PersistedCache {
  version: typeof PERSISTED_CACHE_VERSION;
  /** Whose data this is (the endpoint); a snapshot is only restored into the same scope. */
  scope?: string;
  savedAt: number;
  /** Least recently stored first. */
  entries: PersistedEntry[];
}

export type PersistedEntry =
  | { id: string; kind: 'found'; fetchedAt: number; details: PersistedDetails }
  | { id: string; kind: 'missing'; fetchedAt: number };

/** SegmentDetails without the id (the entry has it) and with absent fields left out. */
export type PersistedDetails = Omit<SegmentDetails, 'id'>;

/** A clock a little ahead of ours is fine; an entry from further in the future would never expire. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Longer strings are not Braze's: skip the entry rather than carry them around. */
const MAX_TEXT = 100_000;
const MAX_LIST = 1000;

/**
 * The entries as saved, least recently stored first. When they would take more than `maxChars`
 * characters of JSON, the oldest are left out: globalState is read at every start.
 */
export function writeSnapshot(entries: ReadonlyArray<{ id: string; entry: StoredEntry }>, scope: string | undefined, now: number, maxChars = Infinity): PersistedCache {
  const kept: PersistedEntry[] = [];
  let chars = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const persisted = toPersisted(entries[i]);
    chars += JSON.stringify(persisted).length + 1;
    if (chars > maxChars) break;
    kept.push(persisted);
  }
  return {
    version: PERSISTED_CACHE_VERSION,
    ...(scope === undefined ? {} : { scope }),
    savedAt: now,
    entries: kept.reverse(),
  };
}

function toPersisted({ id, entry }: { id: string; entry: StoredEntry }): PersistedEntry {
  if (entry.kind === 'missing') return { id, kind: 'missing', fetchedAt: entry.fetchedAt };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id: _id, ...details } = entry.details;
  return { id, kind: 'found', fetchedAt: entry.fetchedAt, details: withoutUndefined(details) };
}

/** The valid entries of `value`, at most `limit` (the most recent), oldest first. */
export function readSnapshot(value: unknown, scope: string | undefined, now: number, limit: number): Array<{ id: string; entry: StoredEntry }> {
  const read: Array<{ id: string; entry: StoredEntry }> = [];
  for (const item of savedItems(value, scope, limit)) {
    const entry = readSnapshotEntry(item, now);
    if (entry) read.push(entry);
  }
  return read;
}

/**
 * The saved items of `value` by id, at most `limit` (the most recent), oldest first, none checked:
 * each is checked by `readSnapshotEntry` when it is needed. An item without a string id is left out
 * (it could never be asked for); of two with the same id, the later is kept.
 */
export function indexSnapshot(value: unknown, scope: string | undefined, limit: number): Map<string, unknown> {
  const items = new Map<string, unknown>();
  for (const item of savedItems(value, scope, limit)) {
    const id = isRecord(item) ? item.id : undefined;
    if (typeof id !== 'string') continue;
    items.delete(id);
    items.set(id, item);
  }
  return items;
}

function savedItems(value: unknown, scope: string | undefined, limit: number): unknown[] {
  if (!isRecord(value) || value.version !== PERSISTED_CACHE_VERSION) return [];
  if ((value.scope ?? undefined) !== scope) return [];
  if (!Array.isArray(value.entries)) return [];
  return value.entries.slice(Math.max(0, value.entries.length - limit));
}

/** One saved item, checked: undefined when anything about it is wrong. */
export function readSnapshotEntry(item: unknown, now: number): { id: string; entry: StoredEntry } | undefined {
  if (!isRecord(item)) return undefined;
  const { id, kind, fetchedAt } = item;
  if (typeof id !== 'string' || !isValidSegmentId(id)) return undefined;
  if (typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt) || fetchedAt <= 0 || fetchedAt > now + FUTURE_SLACK_MS) return undefined;
  if (kind === 'missing') return { id, entry: { kind: 'missing', fetchedAt } };
  if (kind !== 'found') return undefined;
  const details = readDetails(id, item.details);
  return details && { id, entry: { kind: 'found', details, fetchedAt } };
}

function readDetails(id: string, value: unknown): SegmentDetails | undefined {
  if (!isRecord(value)) return undefined;
  const details: SegmentDetails = { id, tags: [], teams: [] };
  for (const field of ['name', 'description', 'textDescription', 'createdAt', 'updatedAt'] as const) {
    const text = value[field];
    if (text === undefined || text === null) continue;
    if (typeof text !== 'string' || text.length > MAX_TEXT) return undefined;
    details[field] = text;
  }
  for (const field of ['tags', 'teams'] as const) {
    const list = value[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || list.length > MAX_LIST || !list.every((item) => typeof item === 'string' && item.length <= MAX_TEXT)) return undefined;
    details[field] = [...(list as string[])];
  }
  for (const field of ['tagsOmitted', 'teamsOmitted'] as const) {
    const count = value[field];
    if (count === undefined || count === null) continue;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return undefined;
    details[field] = count;
  }
  return details;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
