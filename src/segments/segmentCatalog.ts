// Every segment of the workspace, from /segments/list. Braze has no total count and no next-page
// field, so pages of 100 are read until a shorter one. The first load shows rows page by page; a
// refresh keeps the old rows until the new list is complete; a failure keeps what was loaded.
import { SEGMENT_LIST_PAGE_SIZE, type SegmentDetails, type SegmentSummary, type SortDirection } from '../braze/model';
import type { BrazeClient } from '../braze/client';
import { type BrazeError, asBrazeError } from '../braze/errors';
import { Emitter, type Event } from './events';

export interface CatalogState {
  /** The rows to show, in Braze's order for `direction`. */
  readonly segments: readonly SegmentSummary[];
  readonly loading: boolean;
  /** True once a load has read every page. */
  readonly complete: boolean;
  /** Why the last load stopped early; the rows above are still good. */
  readonly error?: BrazeError;
  readonly direction: SortDirection;
}

export interface SegmentCatalogOptions {
  connect(): Promise<BrazeClient>;
  /** Called with each page as it arrives, e.g. so hovers can name listed ids at once. */
  onPage?(segments: readonly SegmentSummary[]): void;
  /** A safety stop for a server that never sends a short page. */
  maxPages?: number;
}

const EMPTY: CatalogState = { segments: [], loading: false, complete: false, direction: 'desc' };

export class SegmentCatalog {
  private current: CatalogState = EMPTY;
  private running: { promise: Promise<void>; controller: AbortController; direction: SortDirection } | undefined;
  private readonly changed = new Emitter<CatalogState>();

  readonly onDidChange: Event<CatalogState> = this.changed.event;

  constructor(private readonly options: SegmentCatalogOptions) {}

  get state(): CatalogState {
    return this.current;
  }

  /** Loads every page; joins a load already running in the same direction. */
  load(direction: SortDirection): Promise<void> {
    if (this.running?.direction === direction) return this.running.promise;
    this.running?.controller.abort();
    const controller = new AbortController();
    const promise = this.loadAll(direction, controller.signal).finally(() => {
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
    if (row.name === name && row.tags.join('\n') === details.tags.join('\n')) return;
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

  dispose(): void {
    this.clear();
    this.changed.dispose();
  }

  private async loadAll(direction: SortDirection, signal: AbortSignal): Promise<void> {
    const keepOldRows = this.current.segments.length > 0 && this.current.direction === direction;
    // A row Braze sends again unchanged keeps its object, so views can tell that nothing changed.
    const previous = new Map(this.current.segments.map((row) => [row.id, row]));
    this.set({ ...this.current, loading: true, error: undefined, direction, segments: keepOldRows ? this.current.segments : [], complete: keepOldRows && this.current.complete });
    const loaded: SegmentSummary[] = [];
    // A segment created while paging shifts later pages by one: skip ids already read.
    const seen = new Set<string>();
    const maxPages = this.options.maxPages ?? 10_000;
    try {
      const client = await this.options.connect();
      for (let page = 0; page < maxPages; page++) {
        const rows = await client.listSegments(page, direction, signal);
        if (signal.aborted) return;
        for (const row of rows) {
          const old = previous.get(row.id);
          if (!seen.has(row.id)) loaded.push(old && sameSummary(old, row) ? old : row);
          seen.add(row.id);
        }
        this.options.onPage?.(rows);
        if (rows.length < SEGMENT_LIST_PAGE_SIZE) break;
        if (!keepOldRows) this.set({ ...this.current, segments: loaded.slice() });
      }
      this.set({ segments: loaded, loading: false, complete: true, direction });
    } catch (thrown) {
      if (signal.aborted) return;
      const error = asBrazeError(thrown);
      this.set({ ...this.current, segments: keepOldRows ? this.current.segments : loaded.slice(), loading: false, error });
    }
  }

  private set(state: CatalogState): void {
    this.current = state;
    this.changed.fire(state);
  }
}

function sameSummary(a: SegmentSummary, b: SegmentSummary): boolean {
  return a.name === b.name && a.analyticsTrackingEnabled === b.analyticsTrackingEnabled && a.tags.length === b.tags.length && a.tags.every((tag, i) => tag === b.tags[i]);
}
