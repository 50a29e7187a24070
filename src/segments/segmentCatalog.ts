// Every segment of the workspace, from /segments/list. Braze has no total count and no next-page
// field, so pages of 100 are read until a shorter one. The first load shows rows page by page; a
// refresh keeps the old rows until the new list is complete; a failure keeps what was loaded.
import { SEGMENT_LIST_PAGE_SIZE, sameTags, type SegmentDetails, type SegmentSummary, type SortDirection } from '../braze/model';
import type { BrazeClient } from '../braze/client';
import { type BrazeError, asBrazeError } from '../braze/errors';
import { Emitter, type Event } from '../common/events';
import { Disposable, toDisposable } from '../common/lifecycle';

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
}

export interface SegmentCatalogOptions {
  connect(): Promise<BrazeClient>;
  now?(): number;
  /** Called with each page as it arrives, e.g. so hovers can name listed ids at once. */
  onPage?(segments: readonly SegmentSummary[]): void;
  /** A safety stop for a server that never sends a short page (default MAX_LIST_PAGES). */
  maxPages?: number;
  /** A bug of ours surfaced while loading (not a Braze failure): the UI logs it with its stack. */
  onInternalError?(error: BrazeError): void;
}

/** The most pages one load reads: 200,000 segments, ten times the largest workspaces seen. */
export const MAX_LIST_PAGES = 2_000;

const EMPTY: CatalogState = { segments: [], loading: false, complete: false, direction: 'desc' };

export class SegmentCatalog extends Disposable {
  private current: CatalogState = EMPTY;
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
   * the same name and tags as the panel without reloading every page.
   */
  applyDetails(details: SegmentDetails): void {
    const index = this.current.segments.findIndex((segment) => segment.id === details.id);
    if (index < 0) return;
    const row = this.current.segments[index];
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
    this.set(EMPTY);
  }


  private async loadAll(direction: SortDirection, signal: AbortSignal, explicit: boolean, background: boolean): Promise<void> {
    const keepOldRows = this.current.segments.length > 0 && this.current.direction === direction;
    // A row Braze sends again unchanged keeps its object, so views can tell that nothing changed.
    const previous = new Map(this.current.segments.map((row) => [row.id, row]));
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
    });
    const loaded: SegmentSummary[] = [];
    // A segment created while paging shifts later pages by one: skip ids already read.
    const seen = new Set<string>();
    const maxPages = this.options.maxPages ?? MAX_LIST_PAGES;
    let stopped: CatalogState['stopped'] = 'page-cap';
    try {
      const client = await this.options.connect();
      for (let page = 0; page < maxPages; page++) {
        const rows = await client.listSegments(page, direction, { signal, explicit: explicit && page === 0, background });
        if (signal.aborted) return;
        const before = loaded.length;
        for (const row of rows) {
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          const old = previous.get(row.id);
          loaded.push(old && sameSummary(old, row) ? old : row);
        }
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
        if (!keepOldRows) this.set({ ...this.current, segments: loaded.slice() });
      }
      this.set({ segments: loaded, loading: false, complete: true, stopped, direction, loadedAt: (this.options.now ?? Date.now)() });
    } catch (thrown) {
      if (signal.aborted) return;
      const error = asBrazeError(thrown, this.options.onInternalError);
      this.set({ ...this.current, segments: keepOldRows ? this.current.segments : loaded.slice(), loading: false, error, previousRows: keepOldRows });
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
