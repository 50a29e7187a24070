// The single source of segment data for the hover, the panel, the tree and the status bar. It owns
// fetching and caching: a bounded cache with a TTL, a negative cache for ids Braze does not know, and
// one request in flight per id shared by every caller. Stale entries are still served while a
// background refresh runs; names from the list endpoint answer before any details request; the
// cache can be saved and restored, so a window reload costs no requests. Nothing here knows about VS Code.
import type { BrazeClient } from '../braze/client';
import { BrazeError, asBrazeError, isBrazeError } from '../braze/errors';
import { SEGMENT_LIST_PAGE_SIZE, type SegmentDetails, type SegmentSummary, sameTags } from '../braze/model';
import { Emitter, type Event } from '../common/events';
import { Disposable, toDisposable } from '../common/lifecycle';
import { type PersistedCache, type StoredEntry, indexSnapshot, readSnapshot, readSnapshotEntry, writeSnapshot } from './persistedCache';
import { MAX_LIST_PAGES } from './segmentCatalog';

export interface SegmentServiceOptions {
  /** A client for the configured endpoint and key; throws `no-endpoint` or `no-key` otherwise. */
  connect(): Promise<BrazeClient>;
  /** How long an entry is fresh, read on every use so a settings change applies at once. */
  ttlMs(): number;
  maxEntries?: number;
  /** How many of the most recent entries `snapshot()` keeps. */
  maxPersisted?: number;
  /**
   * How many list summaries `rememberSummaries` keeps for naming ids (default MAX_SUMMARIES: one for
   * every segment a load can list).
   */
  maxSummaries?: number;
  /** How many characters of JSON `snapshot()` may hold at most (default 2,000,000). */
  maxPersistedChars?: number;
  /** A bug of ours surfaced while fetching (not a Braze failure): the UI logs it with its stack. */
  onInternalError?(error: BrazeError): void;
  now?(): number;
}

/** What the cache knows of an id: its details, or that Braze has no such segment. */
export type CachedSegment =
  | { readonly kind: 'found'; readonly details: SegmentDetails; readonly fetchedAt: number; readonly stale: boolean }
  | { readonly kind: 'missing'; readonly fetchedAt: number; readonly stale: boolean };

export interface SegmentChange {
  /** The ids whose data changed; undefined when everything was dropped. */
  ids?: string[];
}


/**
 * A stored entry with both answers `peek` can give built up front, so a cached read allocates nothing
 * (the hover calls it on every mouse move).
 */
interface Slot {
  readonly entry: StoredEntry;
  readonly fresh: CachedSegment;
  readonly stale: CachedSegment;
}

/**
 * A name for every segment one load can list (MAX_LIST_PAGES pages of 100), so no listed id needs a
 * details request to be named. A summary costs about 250 bytes (id, name, a few tags), so the bound
 * is about 50 MB at 200,000 rows; a workspace of 100,000 segments takes about half of it.
 */
export const MAX_SUMMARIES = MAX_LIST_PAGES * SEGMENT_LIST_PAGE_SIZE;

/** A saved snapshot not read yet: its entries by id, each checked only when it is first asked for. */
interface PendingRestore {
  read(): unknown;
  scope: string | undefined;
  /** Built at the first use: the saved items not yet restored, by id, none checked yet. */
  items?: Map<string, unknown>;
  /** The saved order of every id, oldest first, which the cache keeps once all are restored. */
  order?: string[];
  /** The entries restored one by one, as first put in the cache (one replaced since is not the saved one). */
  readonly restored: Map<string, Slot>;
  /** Items checked ahead by `restoreSavedSome` (undefined: malformed), and how far along `order` it got. */
  readonly checked: Map<string, StoredEntry | undefined>;
  cursor: number;
}

/** After a background refresh fails, the next one for that id waits this long (the old entry stays). */
const REFRESH_RETRY_MS = 30_000;

interface Flight {
  promise: Promise<SegmentDetails>;
  controller: AbortController;
  /** Callers that can still cancel; the request is aborted only when the last of them does. */
  cancellableWaiters: number;
  /** Some caller cannot cancel, so the request always runs to the end. */
  pinned: boolean;
}

export interface GetOptions {
  signal?: AbortSignal;
  /** Ask Braze even when the cache is fresh. */
  refresh?: boolean;
  /**
   * Stale-while-revalidate: answer with a stale entry at once and refresh it in the background
   * (shared with any request in flight; a failure keeps the old entry).
   */
  allowStale?: boolean;
  /** The user asked for it (Refresh, Retry): sent even while a 429 holds. */
  explicit?: boolean;
  /** Nobody waits for it (a check of the code's ids): not sent while the rate budget is nearly used up. */
  background?: boolean;
}

export class SegmentService extends Disposable {
  private readonly entries = new Map<string, Slot>();
  private readonly flights = new Map<string, Flight>();
  private readonly summaries = new Map<string, SegmentSummary>();
  /** Ids whose last background refresh failed, and when the next may start. */
  private readonly refreshBackoff = new Map<string, number>();
  private readonly changed = this._register(new Emitter<SegmentChange>());
  private readonly persistable = this._register(new Emitter<void>());
  private readonly maxEntries: number;
  private readonly now: () => number;
  private generation = 0;
  private complete = false;
  /** Rows remembered since the list last stopped being complete: more than `maxSummaries`, and some were dropped. */
  private listedSinceIncomplete = 0;
  private pending: PendingRestore | undefined;

  readonly onDidChange: Event<SegmentChange> = this.changed.event;
  /** What `snapshot()` would return has changed: the UI saves it (debounced). */
  readonly onDidChangeSnapshot: Event<void> = this.persistable.event;

  constructor(private readonly options: SegmentServiceOptions) {
    super();
    // Requests in flight stop with their owner.
    this._register(toDisposable(() => this.flights.forEach((flight) => flight.controller.abort())));
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** What the cache holds for `id`, without waiting or fetching. O(1), allocates nothing. */
  peek(id: string): CachedSegment | undefined {
    const slot = this.slot(id);
    if (!slot) return undefined;
    return this.now() - slot.entry.fetchedAt >= this.options.ttlMs() ? slot.stale : slot.fresh;
  }

  /**
   * `peek`, and when the entry is stale, a background refresh (stale-while-revalidate): the caller
   * shows the old entry now, and the next read has the new one. Never waits, never throws.
   */
  peekAndRevalidate(id: string): CachedSegment | undefined {
    const cached = this.peek(id);
    if (cached?.stale) this.refreshInBackground(id);
    return cached;
  }

  /** Whether a request for `id` is in flight (for a "refreshing" note). */
  isFetching(id: string): boolean {
    return this.flights.has(id);
  }

  /**
   * The details of `id`: from the cache while fresh, otherwise from Braze. Rejects with a `not-found`
   * BrazeError for ids Braze does not know (remembered like a found segment), and keeps the cache
   * untouched on any other failure. With `allowStale`, a stale entry answers at once and is refreshed
   * in the background.
   */
  async getDetails(id: string, options: GetOptions = {}): Promise<SegmentDetails> {
    const cached = options.allowStale && !options.refresh ? this.peekAndRevalidate(id) : this.peek(id);
    if (cached && (!cached.stale || options.allowStale) && !options.refresh) {
      if (cached.kind === 'found') return cached.details;
      throw notFound(id);
    }
    return this.join(id, options.signal, { explicit: options.explicit, background: options.background });
  }

  /** Starts fetching `id` unless it is cached or in flight; the result lands in the cache. */
  prefetch(id: string): void {
    if (this.slot(id)) return;
    this.join(id, undefined, { background: true }).catch(() => undefined);
  }

  /**
   * Names from the list endpoint, so listed ids are named at once, without a details request.
   * A listed id cannot be "not found": such a negative entry is dropped.
   */
  rememberSummaries(summaries: readonly SegmentSummary[]): void {
    const changed: string[] = [];
    let dropped = false;
    const max = this.options.maxSummaries ?? MAX_SUMMARIES;
    this.listedSinceIncomplete += summaries.length;
    for (const summary of summaries) {
      const known = this.summaries.get(summary.id);
      if (this.slot(summary.id)?.entry.kind === 'missing') dropped = this.entries.delete(summary.id) || dropped;
      // Taken out and put back, so the Map's order is least recently listed first, for the eviction below.
      this.summaries.delete(summary.id);
      this.summaries.set(summary.id, known && known.name === summary.name && sameTags(known.tags, summary.tags) ? known : summary);
      if (this.summaries.get(summary.id) !== known) changed.push(summary.id);
    }
    if (this.summaries.size > max) {
      // One iterator for the whole eviction: `keys().next()` per id starts again past every hole
      // deleting left, which is quadratic at 100,000 names.
      const oldest = this.summaries.keys();
      while (this.summaries.size > max) this.summaries.delete(oldest.next().value as string);
    }
    if (changed.length) this.changed.fire({ ids: changed });
    if (dropped) this.persistable.fire();
  }

  /**
   * True while the summaries hold every segment the list endpoint has (a load read every page, and
   * no more than `maxSummaries` rows were remembered since it started, so none of them was evicted):
   * an id they lack is no listed segment.
   */
  get listComplete(): boolean {
    return this.complete && this.listedSinceIncomplete <= (this.options.maxSummaries ?? MAX_SUMMARIES);
  }

  /** Said by the owner of the list when a load read every page (true) or started again (false). */
  setListComplete(complete: boolean): void {
    // Counting starts again when the list stops being complete (a load starts): the rows that load lists.
    if (this.complete && !complete) this.listedSinceIncomplete = 0;
    this.complete = complete;
  }

  /** What the list endpoint said about `id`, if it was listed. */
  summary(id: string): SegmentSummary | undefined {
    return this.summaries.get(id);
  }

  /** The segment's name from cached details or the list, without waiting. */
  knownName(id: string): string | undefined {
    const slot = this.slot(id);
    if (slot?.entry.kind === 'found' && slot.entry.details.name) return slot.entry.details.name;
    return this.summaries.get(id)?.name;
  }

  /**
   * The most recent entries (at most `maxPersisted`, default 500) as plain JSON-safe data, for the UI
   * to save. `scope` names whose data it is (the endpoint); `restore` ignores a snapshot of another.
   */
  snapshot(scope?: string): PersistedCache {
    this.restorePending();
    const limit = this.options.maxPersisted ?? 500;
    const all = [...this.entries];
    const recent = all.slice(Math.max(0, all.length - limit)).map(([id, slot]) => ({ id, entry: slot.entry }));
    return writeSnapshot(recent, scope, this.now(), this.options.maxPersistedChars ?? 2_000_000);
  }

  /**
   * Adds the entries of a saved snapshot that are newer than what the cache holds. Anything malformed,
   * from another scope or from the future is skipped; never throws. Returns how many were restored.
   */
  restore(snapshot: unknown, scope?: string): number {
    const entries = readSnapshot(snapshot, scope, this.now(), this.maxEntries);
    const restored: string[] = [];
    for (const { id, entry } of entries) {
      const current = this.entries.get(id);
      if (current && current.entry.fetchedAt >= entry.fetchedAt) continue;
      this.put(id, entry);
      restored.push(id);
    }
    if (restored.length) this.changed.fire({ ids: restored });
    return restored.length;
  }

  /**
   * Restores a saved snapshot (as `restore`) on first use instead of now, so building the service
   * costs nothing whatever its size: `read` is called at the first lookup, which checks only the
   * entry it asks for; the rest are checked when they are asked for, or all at once by `snapshot()`.
   */
  restoreOnFirstUse(read: () => unknown, scope?: string): void {
    this.restorePending();
    this.pending = { read, scope, restored: new Map(), checked: new Map(), cursor: 0 };
  }

  /** Drops everything: the endpoint or the key changed, so the data may belong to another workspace. */
  clear(): void {
    this.pending = undefined;
    this.generation++;
    for (const flight of this.flights.values()) flight.controller.abort();
    this.flights.clear();
    this.entries.clear();
    this.summaries.clear();
    this.complete = false;
    this.listedSinceIncomplete = 0;
    this.refreshBackoff.clear();
    this.changed.fire({});
    this.persistable.fire();
  }


  /** The cache's slot for `id`, restoring it from the pending snapshot first if it is there. */
  private slot(id: string): Slot | undefined {
    const slot = this.entries.get(id);
    const pending = this.pending;
    if (slot || !pending) return slot;
    const items = this.pendingItems(pending);
    const item = items.get(id);
    if (item === undefined) return undefined;
    items.delete(id);
    const entry = this.checkSaved(pending, id, item);
    if (!entry) return undefined;
    this.put(id, entry);
    const restored = this.entries.get(id);
    if (restored) pending.restored.set(id, restored);
    return restored;
  }

  private pendingItems(pending: PendingRestore): Map<string, unknown> {
    if (!pending.items) {
      pending.items = indexSnapshot(pending.read(), pending.scope, this.maxEntries);
      pending.order = [...pending.items.keys()];
    }
    return pending.items;
  }

  private checkSaved(pending: PendingRestore, id: string, item: unknown): StoredEntry | undefined {
    if (pending.checked.has(id)) return pending.checked.get(id);
    const read = readSnapshotEntry(item, this.now());
    return read?.id === id ? read.entry : undefined;
  }

  /**
   * Checks up to `count` more entries of the snapshot restored on first use, so that the `snapshot()`
   * which restores the rest is short; call again until it returns true (nothing left to check).
   */
  restoreSavedSome(count: number): boolean {
    const pending = this.pending;
    if (!pending) return true;
    const items = this.pendingItems(pending);
    const order = pending.order ?? [];
    const end = Math.min(order.length, pending.cursor + count);
    for (; pending.cursor < end; pending.cursor++) {
      const id = order[pending.cursor];
      const item = items.get(id);
      if (item !== undefined && !pending.checked.has(id)) pending.checked.set(id, this.checkSaved(pending, id, item));
    }
    return pending.cursor >= order.length;
  }

  /**
   * Checks and restores every entry of the pending snapshot still unread. They are older than any
   * entry stored since, so they go first in the cache's order; an entry fetched since wins.
   */
  private restorePending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const items = this.pendingItems(pending);
    const restored: Array<[string, Slot | StoredEntry]> = [];
    for (const id of pending.order ?? []) {
      const current = this.entries.get(id);
      const early = pending.restored.get(id);
      if (early) {
        if (current === early) restored.push([id, early]); // restored one by one, still the saved entry
        continue;
      }
      const item = items.get(id);
      const entry = item === undefined ? undefined : this.checkSaved(pending, id, item);
      if (!entry) continue;
      if (current && current.entry.fetchedAt >= entry.fetchedAt) continue;
      restored.push([id, entry]);
    }
    if (!restored.length) return;
    const since = [...this.entries];
    this.entries.clear();
    for (const [id, saved] of restored) {
      if ('entry' in saved) this.entries.set(id, saved);
      else this.put(id, saved);
    }
    for (const [id, slot] of since) if (!this.entries.has(id)) this.entries.set(id, slot);
    this.evict();
  }

  private refreshInBackground(id: string): void {
    if (this.flights.has(id)) return;
    const retryAt = this.refreshBackoff.get(id);
    if (retryAt !== undefined && this.now() < retryAt) return;
    // No signal: nobody's cancellation stops it, and it pins a flight it joins.
    this.join(id, undefined, { background: true }).then(
      () => this.refreshBackoff.delete(id),
      (error: unknown) => {
        if (isBrazeError(error, 'not-found')) this.refreshBackoff.delete(id);
        else this.refreshBackoff.set(id, this.now() + REFRESH_RETRY_MS);
      },
    );
  }

  private join(id: string, signal: AbortSignal | undefined, how: { explicit?: boolean; background?: boolean } = {}): Promise<SegmentDetails> {
    if (signal?.aborted) return Promise.reject(aborted());
    let flight = this.flights.get(id);
    // A flight whose last waiter gave up is over, even while its promise has yet to settle: a new
    // caller gets a request of its own instead of that one's "cancelled".
    if (!flight || flight.controller.signal.aborted) {
      const controller = new AbortController();
      flight = { controller, cancellableWaiters: 0, pinned: false, promise: this.fetch(id, controller.signal, how) };
      const started = flight;
      const forget = () => {
        if (this.flights.get(id) === started) this.flights.delete(id);
      };
      flight.promise.then(forget, forget);
      this.flights.set(id, flight);
    }
    if (!signal) {
      flight.pinned = true;
      return flight.promise;
    }
    return this.waitCancellably(id, flight, signal);
  }

  private waitCancellably(id: string, flight: Flight, signal: AbortSignal): Promise<SegmentDetails> {
    flight.cancellableWaiters++;
    return new Promise<SegmentDetails>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        flight.cancellableWaiters--;
        if (flight.cancellableWaiters === 0 && !flight.pinned) {
          flight.controller.abort();
          if (this.flights.get(id) === flight) this.flights.delete(id);
        }
        reject(aborted());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private async fetch(id: string, signal: AbortSignal, how: { explicit?: boolean; background?: boolean }): Promise<SegmentDetails> {
    const generation = this.generation;
    try {
      const client = await this.options.connect();
      const details = await client.getSegmentDetails(id, { signal, ...how });
      if (generation === this.generation) this.store(id, { kind: 'found', details, fetchedAt: this.now() });
      return details;
    } catch (thrown) {
      const error = asBrazeError(thrown, this.options.onInternalError);
      if (isBrazeError(error, 'not-found') && generation === this.generation) {
        this.store(id, { kind: 'missing', fetchedAt: this.now() });
      }
      throw error;
    }
  }

  private store(id: string, entry: StoredEntry): void {
    this.put(id, entry);
    this.changed.fire({ ids: [id] });
    this.persistable.fire();
  }

  private put(id: string, entry: StoredEntry): void {
    this.pending?.items?.delete(id); // what was just fetched is newer than what was saved
    this.entries.delete(id); // re-insert so Map order is least recently stored first
    this.entries.set(id, {
      entry,
      fresh: Object.freeze({ ...entry, stale: false }),
      stale: Object.freeze({ ...entry, stale: true }),
    });
    this.evict();
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const oldest = this.entries.keys();
    while (this.entries.size > this.maxEntries) this.entries.delete(oldest.next().value as string);
  }
}

function notFound(id: string): BrazeError {
  return new BrazeError('not-found', `No segment with id ${id}.`);
}

function aborted(): BrazeError {
  return new BrazeError('aborted', 'The request was cancelled.');
}
