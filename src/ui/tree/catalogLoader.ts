// When one workspace's list is loaded for the Segments view: the first time the view is shown (never
// at start-up), again when the workspace's key changes while the view is visible, and again by itself
// after a failure that may pass (a rate limit's reset, or a growing wait while Braze or the network
// is down), as long as the view is visible. One per workspace, so Staging's 429 never holds back
// Production's list, and a retry in one never reloads the other.
import type { SortDirection } from '../../braze/model';
import { Disposable, disposableTimeout, type IDisposable, toDisposable } from '../../common/lifecycle';
import { retryDelay } from '../../segments/retryPlan';
import type { CatalogState } from '../../segments/segmentCatalog';
import type { Workspace } from '../../segments/workspace';

/** What a loader needs from the view that owns it. */
export interface LoaderHost {
  /** Automatic loads and retries happen only while the view is visible. */
  visible(): boolean;
  /** The order the list is read in (braze.segments.sortOrder). */
  direction(): SortDirection;
  /** Something to draw: `loading` while pages arrive (the host spaces those redraws out). */
  changed(loading: boolean): void;
  /** Shows progress on the view while `task` runs. */
  withProgress(task: () => Promise<void>): Thenable<void>;
}

export class CatalogLoader extends Disposable {
  private loadedOnce = false;
  /** Failed loads in a row, for the growing wait between automatic retries. */
  private failures = 0;
  private loadRunning = false;
  private retryTimer: IDisposable | undefined;

  constructor(
    readonly workspace: Workspace,
    private readonly host: LoaderHost,
  ) {
    super();
    this._register(toDisposable(() => this.cancelRetry()));
    this._register(workspace.catalog.onDidChange((state) => this.catalogChanged(state)));
    this._register(workspace.onDidChange(() => this.keyChanged()));
    this.readKeyState();
  }

  /**
   * The view was shown (or this workspace added while it is). The list may be there already (Look Up
   * Segment loads it): shown, not fetched again. A failure whose retry was skipped while the view was
   * hidden is tried now.
   */
  shown(): void {
    if (!this.loadedOnce && !this.workspace.catalog.state.complete) void this.load();
    else if (this.retryWasSkipped()) void this.load(false, true);
  }

  /**
   * Loads (or reloads) every page, with progress on the view. Never throws: failures show in the
   * view. `explicit`: the user asked (Refresh, Retry), so it is sent even while a 429 holds;
   * `background`: an automatic retry, held back while the rate limit is nearly used up.
   */
  async load(explicit = false, background = false): Promise<void> {
    this.cancelRetry();
    if (!(await this.workspace.hasKey()) || this.isDisposed) {
      this.host.changed(false);
      return;
    }
    this.loadedOnce = true;
    const { catalog } = this.workspace;
    await this.host.withProgress(() => catalog.load(this.host.direction(), { explicit, background }));
  }

  /** The sort order changed: a list read (or being read) in the other direction is read again. */
  directionChanged(): void {
    const { state } = this.workspace.catalog;
    const read = this.loadedOnce || state.complete || state.loading;
    if (read && state.direction !== this.host.direction()) void this.load();
  }

  private catalogChanged(state: CatalogState): void {
    if (state.loading) {
      this.loadRunning = true;
      this.host.changed(true);
      return;
    }
    this.host.changed(false);
    if (this.loadRunning) this.planRetry(); // a load just ended (other changes are renames)
    this.loadRunning = false;
  }

  /** The key was set or removed: the workspace dropped its list, which loads again for the new key. */
  private keyChanged(): void {
    this.loadedOnce = false;
    this.failures = 0;
    this.cancelRetry();
    this.readKeyState();
    if (this.host.visible()) void this.load();
  }

  /** Rows are drawn from the cached key state, which settles after a read: draw again then. */
  private readKeyState(): void {
    void this.workspace.hasKey().then(() => {
      if (!this.isDisposed) this.host.changed(false);
    });
  }

  /** After a load ends: the next automatic try of a failure that may pass by itself, or none. */
  private planRetry(): void {
    this.cancelRetry();
    const { error } = this.workspace.catalog.state;
    if (!error || error.kind === 'aborted') {
      this.failures = 0;
      return;
    }
    this.failures++;
    const wait = retryDelay(error, this.failures);
    if (wait === undefined || !this.host.visible()) return;
    this.retryTimer = disposableTimeout(() => {
      this.retryTimer = undefined;
      if (this.host.visible() && !this.isDisposed) void this.load(false, true);
    }, wait);
  }

  /** A failure that would have been tried again had the view been visible. */
  private retryWasSkipped(): boolean {
    const { error, loading } = this.workspace.catalog.state;
    return !!error && !loading && !this.retryTimer && retryDelay(error, this.failures) !== undefined;
  }

  private cancelRetry(): void {
    this.retryTimer?.dispose();
    this.retryTimer = undefined;
  }
}
