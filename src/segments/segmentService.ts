// The single source of segment data for the hover, the panel, the tree and the status bar. It owns
// fetching and caching: a bounded cache with a TTL, a negative cache for ids Braze does not know, and
// one request in flight per id shared by every caller. Stale entries are still served while a
// background refresh runs; names from the list endpoint answer before any details request; the
// cache can be saved and restored, so a window reload costs no requests. Nothing here knows about VS Code.
import type { BrazeClient } from '../braze/client';
import { BrazeError, asBrazeError, isBrazeError } from '../braze/errors';
import { type SegmentDetails, type SegmentSummary, sameTags } from '../braze/model';
import { Emitter, type Event } from '../common/events';
import { Disposable, toDisposable } from '../common/lifecycle';
import { type PersistedCache, type StoredEntry, readSnapshot, writeSnapshot } from './persistedCache';

export interface SegmentServiceOptions {
  /** A client for the configured endpoint and key; throws `no-endpoint` or `no-key` otherwise. */
  connect(): Promise<BrazeClient>;
  /** How long an entry is fresh, read on every use so a settings change applies at once. */
  ttlMs(): number;
  maxEntries?: number;
  /** How many of the most recent entries `snapshot()` keeps. */
  maxPersisted?: number;
  /** How many list summaries `rememberSummaries` keeps for naming ids. */
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
    const slot = this.entries.get(id);
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
    if (this.entries.has(id)) return;
    this.join(id, undefined, { background: true }).catch(() => undefined);
  }

  /**
   * Names from the list endpoint, so listed ids are named at once, without a details request.
   * A listed id cannot be "not found": such a negative entry is dropped.
   */
  rememberSummaries(summaries: readonly SegmentSummary[]): void {
    const changed: string[] = [];
    let dropped = false;
    const max = this.options.maxSummaries ?? 20_000;
    for (const summary of summaries) {
      const known = this.summaries.get(summary.id);
      if (this.entries.get(summary.id)?.entry.kind === 'missing') dropped = this.entries.delete(summary.id);
      if (known && known.name === summary.name && sameTags(known.tags, summary.tags)) continue;
      this.summaries.delete(summary.id);
      this.summaries.set(summary.id, summary);
      changed.push(summary.id);
    }
    while (this.summaries.size > max) this.summaries.delete(this.summaries.keys().next().value as string);
    if (changed.length) this.changed.fire({ ids: changed });
    if (dropped) this.persistable.fire();
  }

  /**
   * True while the summaries hold every segment the list endpoint has (a load read every page, and
   * no more than `maxSummaries` of them): an id they lack is no listed segment.
   */
  get listComplete(): boolean {
    return this.complete && this.summaries.size <= (this.options.maxSummaries ?? 20_000);
  }

  /** Said by the owner of the list when a load read every page (true) or started again (false). */
  setListComplete(complete: boolean): void {
    this.complete = complete;
  }

  /** What the list endpoint said about `id`, if it was listed. */
  summary(id: string): SegmentSummary | undefined {
    return this.summaries.get(id);
  }

  /** The segment's name from cached details or the list, without waiting. */
  knownName(id: string): string | undefined {
    const slot = this.entries.get(id);
    if (slot?.entry.kind === 'found' && slot.entry.details.name) return slot.entry.details.name;
    return this.summaries.get(id)?.name;
  }

  /**
   * The most recent entries (at most `maxPersisted`, default 500) as plain JSON-safe data, for the UI
   * to save. `scope` names whose data it is (the endpoint); `restore` ignores a snapshot of another.
   */
  snapshot(scope?: string): PersistedCache {
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

  /** Drops everything: the endpoint or the key changed, so the data may belong to another workspace. */
  clear(): void {
    this.generation++;
    for (const flight of this.flights.values()) flight.controller.abort();
    this.flights.clear();
    this.entries.clear();
    this.summaries.clear();
    this.complete = false;
    this.refreshBackoff.clear();
    this.changed.fire({});
    this.persistable.fire();
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
    this.entries.delete(id); // re-insert so Map order is least recently stored first
    this.entries.set(id, {
      entry,
      fresh: Object.freeze({ ...entry, stale: false }),
      stale: Object.freeze({ ...entry, stale: true }),
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

function notFound(id: string): BrazeError {
  return new BrazeError('not-found', `No segment with id ${id}.`);
}

function aborted(): BrazeError {
  return new BrazeError('aborted', 'The request was cancelled.');
}
