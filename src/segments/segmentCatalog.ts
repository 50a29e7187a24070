// Every segment of the workspace, from /segments/list. Braze has no total count and no next-page
// field, so pages of 100 are read until a shorter one. Page 0 goes alone (it may be the only one);
// then several pages are in flight at once, within the rate budget, and are taken strictly in page
// order, so the rows are always a prefix of the list, never a list with a hole. The first load shows
// rows as pages arrive (at most every `progressIntervalMs`); a refresh keeps the old rows until the
// new list is complete; a failure keeps what was loaded.
import { SEGMENT_LIST_PAGE_SIZE, sameTags, type SegmentDetails, type SegmentSummary, type SortDirection } from '../braze/model';
import type { BrazeClient } from '../braze/client';
import { type BrazeError, asBrazeError } from '../braze/errors';
import type { RateLimit } from '../braze/rateLimit';
import { Emitter, type Event } from '../common/events';
import { Disposable, toDisposable } from '../common/lifecycle';
import { Throttle } from '../common/throttle';

export interface CatalogState {
  /** The rows to show, in Braze's order for `direction`. */
  readonly segments: readonly SegmentSummary[];
  readonly loading: boolean;
  /** True once a load has read every page it will read (see `stopped`). */
  readonly complete: boolean;
  /** Why the last load stopped early; the rows above are still good. */
  readonly error?: BrazeError;
  /**
   * Why the last load stopped reading pages before a short page: Braze sent a page with no new
   * segment (a server ignoring `page`), or the load reached MAX_LIST_PAGES.
   */
  readonly stopped?: 'repeated-page' | 'page-cap';
  readonly direction: SortDirection;
  /** When the rows shown were read to the end (epoch ms); undefined while they are a first load's partial rows. */
  readonly loadedAt?: number;
  /** The rows are the previous load's, kept because this one failed before it read them all. */
  readonly previousRows?: boolean;
  /**
   * How many pages the current (or last) load has taken, in order: while loading, the pages read so
   * far; after it, all it read. 0 before any load and right after one starts.
   */
  readonly pagesRead: number;
  /**
   * While loading: about how many pages this load will read, from the row count of the previous
   * complete load in this direction, and always more than `pagesRead` ("page 3 of ~12"). Undefined
   * when there is no such load, and once the load has ended.
   */
  readonly expectedPages?: number;
}

export interface SegmentCatalogOptions {
  connect(): Promise<BrazeClient>;
  now?(): number;
  /** Called with each page as it is taken (in page order), e.g. so hovers can name listed ids at once. */
  onPage?(segments: readonly SegmentSummary[]): void;
  /** A safety stop for a server that never sends a short page (default MAX_LIST_PAGES). */
  maxPages?: number;
  /** A bug of ours surfaced while loading (not a Braze failure): the UI logs it with its stack. */
  onInternalError?(error: BrazeError): void;
  /** The workspace's rate limit as last reported by Braze: fewer pages go at once when little is left. */
  rateLimit?(): RateLimit | undefined;
  /** Pages requested at once after page 0 (default DEFAULT_PAGES_IN_FLIGHT, at least 1). */
  pagesInFlight?: number;
  /** The shortest time between two progress publications of one load (default 500 ms; 0: every page, batched per tick). */
  progressIntervalMs?: number;
}

/** The most pages one load reads: 200,000 segments, ten times the largest workspaces seen. */
export const MAX_LIST_PAGES = 2_000;
/** Pages in flight at once: at 50 ms a round trip, 10,000 segments take 0.9 s instead of 5 s. */
export const DEFAULT_PAGES_IN_FLIGHT = 6;
const DEFAULT_PROGRESS_INTERVAL_MS = 500;

/**
 * Requests a load leaves of the rate budget for hovers and panels (the key's other users share it
 * too): 1% of the hourly limit, at least 10. Below that, pages go one at a time, as before.
 */
export function rateReserve(limit: number | undefined): number {
  return Math.max(10, Math.ceil((limit ?? 0) * 0.01));
}

/** How many pages may be in flight at once with `rateLimit` last seen: at most `wanted`, at least 1. */
export function pagesInFlightFor(wanted: number, rateLimit: RateLimit | undefined): number {
  const remaining = rateLimit?.remaining;
  if (remaining === undefined) return wanted;
  return Math.max(1, Math.min(wanted, remaining - rateReserve(rateLimit?.limit)));
}

const EMPTY: CatalogState = { segments: [], loading: false, complete: false, direction: 'desc', pagesRead: 0 };

/** What became of one page request: never a rejection, so pages nobody waits for are no unhandled rejection. */
type PageOutcome = { rows: SegmentSummary[] } | { error: unknown };

export class SegmentCatalog extends Disposable {
  private current: CatalogState = EMPTY;
  /** Where each id of `current.segments` is; may know more ids (a first load's unpublished rows): check the row. */
  private index = new Map<string, number>();
  /** Rows read by the last complete load in each direction: the next load's page estimate. */
  private readonly lastCount = new Map<SortDirection, number>();
  private running: { promise: Promise<void>; controller: AbortController; direction: SortDirection } | undefined;
  private readonly changed = this._register(new Emitter<CatalogState>());

  readonly onDidChange: Event<CatalogState> = this.changed.event;

  constructor(private readonly options: SegmentCatalogOptions) {
    super();
    // The load in flight stops with its owner (listeners are gone by then: nobody hears the reset).
    this._register(toDisposable(() => this.running?.controller.abort()));
  }

  get state(): CatalogState {
    return this.current;
  }

  /**
   * Loads every page; joins a load already running in the same direction. `explicit`: the user
   * asked (Refresh, Retry), so the first page is sent even while a 429 holds; `background`: nobody
   * asked (an automatic retry), so nothing is sent while the rate limit is nearly used up.
   */
  load(direction: SortDirection, how: { explicit?: boolean; background?: boolean } = {}): Promise<void> {
    const explicit = how.explicit === true;
    if (this.running?.direction === direction) return this.running.promise;
    this.running?.controller.abort();
    const controller = new AbortController();
    const promise = this.loadAll(direction, controller.signal, explicit, how.background === true).finally(() => {
      if (this.running?.controller === controller) this.running = undefined;
    });
    this.running = { promise, controller, direction };
    return promise;
  }

  /**
   * Takes newer details of a listed segment (from a hover or a panel refresh), so that the tree shows
   * the same name and tags as the panel without reloading every page. Finding the row is O(1); a
   * change publishes a new array (views tell changes by identity).
   */
  applyDetails(details: SegmentDetails): void {
    const index = this.index.get(details.id);
    const row = index === undefined ? undefined : this.current.segments[index];
    if (index === undefined || row?.id !== details.id) return;
    const name = details.name ?? row.name;
    if (row.name === name && sameTags(row.tags, details.tags)) return;
    const segments = this.current.segments.slice();
    segments[index] = { ...row, name, tags: details.tags };
    this.set({ ...this.current, segments });
  }

  /** Forgets everything: the endpoint or key changed. */
  clear(): void {
    this.running?.controller.abort();
    this.running = undefined;
    this.index = new Map();
    this.lastCount.clear();
    this.set(EMPTY);
  }


  private async loadAll(direction: SortDirection, signal: AbortSignal, explicit: boolean, background: boolean): Promise<void> {
    const keepOldRows = this.current.segments.length > 0 && this.current.direction === direction;
    // A row Braze sends again unchanged keeps its object, so views can tell that nothing changed.
    const oldRows = this.current.segments;
    const oldIndex = this.index;
    const previous = (id: string): SegmentSummary | undefined => {
      const at = oldIndex.get(id);
      const row = at === undefined ? undefined : oldRows[at];
      return row?.id === id ? row : undefined;
    };
    const loaded: SegmentSummary[] = [];
    // A segment created while paging shifts later pages by one: skip ids already read.
    const positions = new Map<string, number>();
    if (!keepOldRows) this.index = positions;
    const estimate = this.lastCount.get(direction);
    let pagesRead = 0;
    const expectedPages = () => (estimate === undefined ? undefined : Math.max(Math.floor(estimate / SEGMENT_LIST_PAGE_SIZE) + 1, pagesRead + 1));
    this.set({
      ...this.current,
      loading: true,
      error: undefined,
      stopped: undefined,
      previousRows: undefined,
      direction,
      segments: keepOldRows ? this.current.segments : [],
      complete: keepOldRows && this.current.complete,
      loadedAt: keepOldRows ? this.current.loadedAt : undefined,
      pagesRead: 0,
      expectedPages: expectedPages(),
    });

    const progress = new Throttle(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, () => {
      if (signal.aborted) return;
      this.set({ ...this.current, segments: keepOldRows ? this.current.segments : loaded.slice(), pagesRead, expectedPages: expectedPages() });
    });
    // Pages launched past the last one (or past a failure) are cancelled when the load ends.
    const pages = new AbortController();
    const stopPages = () => pages.abort();
    signal.addEventListener('abort', stopPages, { once: true });
    const maxPages = this.options.maxPages ?? MAX_LIST_PAGES;
    const wanted = Math.max(1, Math.floor(this.options.pagesInFlight ?? DEFAULT_PAGES_IN_FLIGHT));
    let stopped: CatalogState['stopped'] = 'page-cap';
    try {
      const client = await this.options.connect();
      if (signal.aborted) return;
      // A failed page stops further launches at once; the pages before it are still taken.
      let failed = false;
      const launch = (page: number): Promise<PageOutcome> =>
        client.listSegments(page, direction, { signal: pages.signal, explicit: explicit && page === 0, background }).then(
          (rows) => ({ rows }),
          (error: unknown) => {
            failed = true;
            return { error };
          },
        );
      const queue: Array<Promise<PageOutcome>> = [];
      let next = 0;
      for (;;) {
        // Page 0 alone: a small workspace costs one request, and its answer tells the rate budget.
        const width = pagesRead === 0 ? 1 : pagesInFlightFor(wanted, this.options.rateLimit?.());
        while (!failed && queue.length < width && next < maxPages) queue.push(launch(next++));
        const head = queue.shift();
        if (!head) break; // every page up to maxPages was full: stopped stays 'page-cap'
        const outcome = await head;
        if (signal.aborted) return;
        if ('error' in outcome) throw outcome.error;
        const rows = outcome.rows;
        const before = loaded.length;
        for (const row of rows) {
          if (positions.has(row.id)) continue;
          positions.set(row.id, loaded.length);
          const old = previous(row.id);
          loaded.push(old && sameSummary(old, row) ? old : row);
        }
        pagesRead++;
        this.options.onPage?.(rows);
        if (rows.length < SEGMENT_LIST_PAGE_SIZE) {
          stopped = undefined;
          break;
        }
        // A full page of segments already read: the server is not paging (or the list shifted by a
        // whole page). Reading on would only repeat it.
        if (loaded.length === before) {
          stopped = 'repeated-page';
          break;
        }
        if (pagesRead === 1) progress.now();
        else progress.schedule();
      }
      progress.dispose(); // the final state goes at once, and nothing after it
      this.index = positions;
      this.lastCount.set(direction, loaded.length);
      this.set({ segments: loaded, loading: false, complete: true, stopped, direction, loadedAt: (this.options.now ?? Date.now)(), pagesRead });
    } catch (thrown) {
      if (signal.aborted) return;
      const error = asBrazeError(thrown, this.options.onInternalError);
      if (!keepOldRows) this.index = positions;
      this.set({ ...this.current, segments: keepOldRows ? this.current.segments : loaded, loading: false, error, previousRows: keepOldRows, pagesRead, expectedPages: undefined });
    } finally {
      progress.dispose();
      signal.removeEventListener('abort', stopPages);
      pages.abort();
    }
  }

  private set(state: CatalogState): void {
    this.current = state;
    this.changed.fire(state);
  }
}

function sameSummary(a: SegmentSummary, b: SegmentSummary): boolean {
  return a.name === b.name && a.analyticsTrackingEnabled === b.analyticsTrackingEnabled && sameTags(a.tags, b.tags);
}
