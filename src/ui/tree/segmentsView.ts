// The Segments view's behaviour: it loads the catalog the first time it is shown (never at start-up),
// shows progress on the view, and owns the filter, grouping and sort actions of its title bar.
import * as vscode from 'vscode';
import type { SegmentCatalog } from '../../segments/segmentCatalog';
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
      catalog.onDidChange((state) => (state.loading ? this.redrawSoon() : this.redraw())),
      this.view.onDidChangeVisibility((event) => {
        // The list may be there already (Look Up Segment loads it): shown, not fetched again.
        if (event.visible && !this.loadedOnce && !this.catalog.state.complete) void this.load();
      }),
      connection.onDidChange(() => {
        this.loadedOnce = false;
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
   * view. `explicit`: the user asked (Refresh, Retry), so it is sent even while a 429 holds.
   */
  async load(explicit = false): Promise<void> {
    if (!this.connection.endpoint || !(await this.connection.hasKey())) {
      this.redraw();
      return;
    }
    this.loadedOnce = true;
    const direction = segmentOrder() === 'oldest' ? 'asc' : 'desc';
    await vscode.window.withProgress({ location: { viewId: SEGMENTS_VIEW_ID } }, () => this.catalog.load(direction, explicit));
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
    this.view.description = this.filter ? `filtered: "${this.filter}" (${shown} of ${total})` : total ? `${total}${this.catalog.state.complete ? '' : '…'}` : undefined;
    this.view.message = this.tree.failureMessage();
    void this.setContext();
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
    for (const disposable of this.disposables) disposable.dispose();
  }
}
