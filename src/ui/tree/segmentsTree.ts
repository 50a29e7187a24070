// The Segments view's behaviour: it loads the catalog the first time it is shown (never at start-up),
// shows progress on the view, owns the filter, grouping and sort actions of its title bar, and tries
// a failed load again by itself (after a rate limit's reset, or with a growing wait while Braze or the
// network is down) as long as the view is visible.
import * as vscode from 'vscode';
import { retryDelay } from '../../segments/retryPlan';
import type { SegmentCatalog } from '../../segments/segmentCatalog';
import { forPlainText } from '../../segments/inertText';
import type { Connection } from '../connection';
import { groupSegmentsByTag, segmentOrder, writeGroupSegmentsByTag, writeSegmentOrder, type SegmentOrder } from '../settings';
import { SegmentTreeProvider, type SegmentNode } from './segmentTree';

export const SEGMENTS_VIEW_ID = 'braze.segments';

export class SegmentsView implements vscode.Disposable {
  readonly tree: SegmentTreeProvider;
  readonly view: vscode.TreeView<SegmentNode>;
  private filter: string | undefined;
  private loadedOnce = false;
  private redrawTimer: NodeJS.Timeout | undefined;
  private lastRedraw = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Failed loads in a row, for the growing wait between automatic retries. */
  private failures = 0;
  private loadRunning = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly catalog: SegmentCatalog,
    private readonly connection: Connection,
  ) {
    this.tree = new SegmentTreeProvider(catalog, connection, () => ({
      filter: this.filter,
      groupByTag: groupSegmentsByTag(),
      sort: segmentOrder() === 'name' ? 'name' : 'braze',
    }));
    this.view = vscode.window.createTreeView(SEGMENTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      this.view,
      catalog.onDidChange((state) => {
        if (state.loading) {
          this.loadRunning = true;
          this.redrawSoon();
          return;
        }
        this.redraw();
        if (this.loadRunning) this.planRetry(); // a load just ended (other changes are renames)
        this.loadRunning = false;
      }),
      this.view.onDidChangeVisibility((event) => {
        if (!event.visible) return;
        // The list may be there already (Look Up Segment loads it): shown, not fetched again. A
        // failure whose retry was skipped while the view was hidden is tried now.
        if (!this.loadedOnce && !this.catalog.state.complete) void this.load();
        else if (this.retryWasSkipped()) void this.load(false, true);
      }),
      connection.onDidChange(() => {
        this.loadedOnce = false;
        this.failures = 0;
        this.cancelRetry();
        catalog.clear();
        if (this.view.visible) void this.load();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('braze.segments.sortOrder')) void this.load();
        else if (event.affectsConfiguration('braze.segments.groupByTag')) this.redraw();
      }),
    );
    void this.setContext();
    if (this.view.visible) void this.load();
  }

  /**
   * Loads (or reloads) every page, with progress on the view. Never throws: failures show in the
   * view. `explicit`: the user asked (Refresh, Retry), so it is sent even while a 429 holds;
   * `background`: an automatic retry, held back while the rate limit is nearly used up.
   */
  async load(explicit = false, background = false): Promise<void> {
    this.cancelRetry();
    if (!this.connection.endpoint || !(await this.connection.hasKey())) {
      this.redraw();
      return;
    }
    this.loadedOnce = true;
    const direction = segmentOrder() === 'oldest' ? 'asc' : 'desc';
    await vscode.window.withProgress({ location: { viewId: SEGMENTS_VIEW_ID } }, () => this.catalog.load(direction, { explicit, background }));
  }

  async promptFilter(): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: 'Filter Segments',
      prompt: 'Show segments whose name, tags or id contain these words',
      value: this.filter,
      placeHolder: 'e.g. winback eu',
    });
    if (value === undefined) return undefined;
    this.setFilter(value);
    return value;
  }

  setFilter(value: string | undefined): void {
    this.filter = value?.trim() || undefined;
    this.redraw();
  }

  async toggleGroupByTag(): Promise<void> {
    await writeGroupSegmentsByTag(!groupSegmentsByTag());
    this.redraw();
  }

  async pickOrder(): Promise<SegmentOrder | undefined> {
    const current = segmentOrder();
    const choices: Array<{ label: string; order: SegmentOrder; description: string }> = [
      { label: 'Newest first', order: 'newest', description: 'by creation time' },
      { label: 'Oldest first', order: 'oldest', description: 'by creation time' },
      { label: 'Name', order: 'name', description: 'A to Z' },
    ];
    const items = choices.map((item) => ({ ...item, picked: item.order === current, detail: item.order === current ? 'current' : undefined }));
    const pick = await vscode.window.showQuickPick(items, { title: 'Sort Segments' });
    if (!pick) return undefined;
    await writeSegmentOrder(pick.order);
    this.redraw();
    return pick.order;
  }

  /**
   * While pages arrive (a hundred of them for 10,000 segments), redraw at most every 200 ms: each
   * redraw filters, sorts and groups everything loaded so far.
   */
  private redrawSoon(): void {
    if (this.redrawTimer) return;
    const wait = Math.max(0, this.lastRedraw + 200 - Date.now());
    this.redrawTimer = setTimeout(() => this.redraw(), wait);
  }

  private redraw(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    this.lastRedraw = Date.now();
    this.tree.refresh();
    const total = this.catalog.state.segments.length;
    const shown = this.tree.visibleCount;
    this.view.description = this.filter ? `filtered (${shown} of ${total})` : total ? `${total}${this.catalog.state.complete ? '' : '…'}` : undefined;
    // The active filter is said where it cannot be missed. Only over rows: a message hides the
    // welcome content (and its buttons) of the empty states.
    this.view.message = this.filter && shown ? `Filtered by “${forPlainText(this.filter)}”: ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} segments.` : undefined;
    void this.setContext();
  }

  /** After a load ends: the next automatic try of a failure that may pass by itself, or none. */
  private planRetry(): void {
    this.cancelRetry();
    const { error } = this.catalog.state;
    if (!error || error.kind === 'aborted') {
      this.failures = 0;
      return;
    }
    this.failures++;
    const wait = retryDelay(error, this.failures);
    if (wait === undefined || !this.view.visible) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.view.visible) void this.load(false, true);
    }, wait);
  }

  /** A failure that would have been tried again had the view been visible. */
  private retryWasSkipped(): boolean {
    const { error, loading } = this.catalog.state;
    return !!error && !loading && !this.retryTimer && retryDelay(error, this.failures) !== undefined;
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async setContext(): Promise<void> {
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'braze.segments.filtered', this.filter !== undefined),
      vscode.commands.executeCommand('setContext', 'braze.segments.grouped', groupSegmentsByTag()),
      vscode.commands.executeCommand('setContext', 'braze.segments.state', await this.tree.emptyState()),
    ]);
  }

  dispose(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.cancelRetry();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
