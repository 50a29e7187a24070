// The single source of segment data for the hover, the panel, the tree and the status bar. It owns
// fetching and caching: a bounded cache with a TTL, a negative cache for ids Braze does not know, and
// one request in flight per id shared by every caller. Nothing here knows about VS Code.
import type { BrazeClient } from '../braze/client';
import { BrazeError, asBrazeError, isBrazeError } from '../braze/errors';
import type { SegmentDetails } from '../braze/model';
import { Emitter, type Event } from './events';

export interface SegmentServiceOptions {
  /** A client for the configured endpoint and key; throws `no-endpoint` or `no-key` otherwise. */
  connect(): Promise<BrazeClient>;
  /** How long an entry is fresh, read on every use so a settings change applies at once. */
  ttlMs(): number;
  maxEntries?: number;
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

type StoredEntry = { kind: 'found'; details: SegmentDetails; fetchedAt: number } | { kind: 'missing'; fetchedAt: number };

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
}

export class SegmentService {
  private readonly entries = new Map<string, StoredEntry>();
  private readonly flights = new Map<string, Flight>();
  private readonly changed = new Emitter<SegmentChange>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private generation = 0;

  readonly onDidChange: Event<SegmentChange> = this.changed.event;

  constructor(private readonly options: SegmentServiceOptions) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** What the cache holds for `id`, without waiting or fetching. */
  peek(id: string): CachedSegment | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const stale = this.now() - entry.fetchedAt >= this.options.ttlMs();
    return { ...entry, stale };
  }

  /**
   * The details of `id`: from the cache while fresh, otherwise from Braze. Rejects with a `not-found`
   * BrazeError for ids Braze does not know (remembered like a found segment), and keeps the cache
   * untouched on any other failure.
   */
  async getDetails(id: string, options: GetOptions = {}): Promise<SegmentDetails> {
    const cached = this.peek(id);
    if (cached && !cached.stale && !options.refresh) {
      if (cached.kind === 'found') return cached.details;
      throw notFound(id);
    }
    return this.join(id, options.signal);
  }

  /** Drops everything: the endpoint or the key changed, so the data may belong to another workspace. */
  clear(): void {
    this.generation++;
    for (const flight of this.flights.values()) flight.controller.abort();
    this.flights.clear();
    this.entries.clear();
    this.changed.fire({});
  }

  dispose(): void {
    this.clear();
    this.changed.dispose();
  }

  private join(id: string, signal: AbortSignal | undefined): Promise<SegmentDetails> {
    if (signal?.aborted) return Promise.reject(aborted());
    let flight = this.flights.get(id);
    if (!flight) {
      const controller = new AbortController();
      flight = { controller, cancellableWaiters: 0, pinned: false, promise: this.fetch(id, controller.signal) };
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
    return this.waitCancellably(flight, signal);
  }

  private waitCancellably(flight: Flight, signal: AbortSignal): Promise<SegmentDetails> {
    flight.cancellableWaiters++;
    return new Promise<SegmentDetails>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        flight.cancellableWaiters--;
        if (flight.cancellableWaiters === 0 && !flight.pinned) flight.controller.abort();
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

  private async fetch(id: string, signal: AbortSignal): Promise<SegmentDetails> {
    const generation = this.generation;
    try {
      const client = await this.options.connect();
      const details = await client.getSegmentDetails(id, signal);
      if (generation === this.generation) this.store(id, { kind: 'found', details, fetchedAt: this.now() });
      return details;
    } catch (thrown) {
      const error = asBrazeError(thrown);
      if (isBrazeError(error, 'not-found') && generation === this.generation) {
        this.store(id, { kind: 'missing', fetchedAt: this.now() });
      }
      throw error;
    }
  }

  private store(id: string, entry: StoredEntry): void {
    this.entries.delete(id); // re-insert so Map order is least recently stored first
    this.entries.set(id, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.changed.fire({ ids: [id] });
  }
}

function notFound(id: string): BrazeError {
  return new BrazeError('not-found', `No segment with id ${id}.`);
}

function aborted(): BrazeError {
  return new BrazeError('aborted', 'The request was cancelled.');
}
