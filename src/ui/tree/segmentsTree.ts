// The Segments view's behaviour: it owns the VS Code TreeView, one CatalogLoader per workspace (each
// loads its list when the view is first shown and retries its own failures), the filter, grouping
// and sort actions of its title bar, and what the view says about itself (its description, the
// filter message, the context keys its menus and welcome content read).
import * as vscode from 'vscode';
import { Throttle } from '../../common/throttle';
import { Disposable, disposableTimeout, toDisposable } from '../../common/lifecycle';
import type { CatalogState } from '../../segments/segmentCatalog';
import { forPlainText } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import { SETTING, type SegmentOrder, type Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import { CatalogLoader, type LoaderHost } from './catalogLoader';
import { listKey, pageOf, ROWS_PER_PAGE } from './rowPages';
import type { SegmentNode } from './segmentNodes';
import { SegmentTreeData } from './segmentTreeData';

const SEGMENTS_VIEW_ID = 'braze.segments';

/** While pages arrive, the view redraws at most this often. */
const REDRAW_INTERVAL_MS = 500;

/** Reveal waits for a list that is loading; it gives up when nothing arrives for this long. */
const REVEAL_IDLE_MS = 15_000;

export class SegmentsTree extends Disposable {
  readonly tree: SegmentTreeData;
  readonly view: vscode.TreeView<SegmentNode>;
  private filter: string | undefined;
  /** How many rows each long list shows (by `listKey`), past the first ROWS_PER_PAGE: its "Show more" clicks. */
  private readonly limits = new Map<string, number>();
  /** What the view last said about itself, so that a redraw with nothing new sends nothing. */
  private said: { description?: string; message?: string; context?: string } = {};
  private readonly loaders = new Map<Workspace, CatalogLoader>();
  private readonly redraws = this._register(new Throttle(REDRAW_INTERVAL_MS, () => this.draw()));
  private readonly host: LoaderHost = {
    visible: () => this.view.visible,
    direction: () => this.settings.listDirection,
    changed: (loading) => (loading ? this.redrawSoon() : this.redraw()),
    withProgress: (task) => vscode.window.withProgress({ location: { viewId: SEGMENTS_VIEW_ID } }, task),
  };

  constructor(
    private readonly workspaces: Workspaces,
    private readonly settings: Settings,
  ) {
    super();
    this.tree = this._register(
      new SegmentTreeData(workspaces, () => ({ filter: this.filter, groupByTag: settings.groupByTag, sort: settings.treeSort, limit: (list) => this.limits.get(list) })),
    );
    this.view = this._register(vscode.window.createTreeView(SEGMENTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true }));
    this._register(
      toDisposable(() => {
        for (const loader of this.loaders.values()) loader.dispose();
        this.loaders.clear();
      }),
    );
    this._register(
      this.view.onDidChangeVisibility((event) => {
        if (event.visible) for (const loader of this.loaders.values()) loader.shown();
      }),
    );
    this._register(workspaces.onDidChange(() => this.syncLoaders()));
    this._register(
      settings.onDidChange((change) => {
        if (change.affects(SETTING.sortOrder)) {
          for (const loader of this.loaders.values()) loader.directionChanged();
          this.redraw();
        } else if (change.affects(SETTING.groupByTag)) this.redraw();
      }),
    );
    // The first draw waits for the next turn of the event loop: activation registers, it draws nothing.
    this.syncLoaders('soon');
  }

  /**
   * Braze: Refresh Segments, or a row's Retry: reloads every workspace's list, or the one named.
   * `explicit`: the user asked, so it is sent even while a 429 holds. Never throws.
   */
  async refresh(workspaceName?: string, explicit = true): Promise<void> {
    const loaders = [...this.loaders.values()].filter((loader) => workspaceName === undefined || loader.workspace.name === workspaceName);
    if (!loaders.length) {
      this.redraw();
      return;
    }
    await Promise.all(loaders.map((loader) => loader.load(explicit)));
  }

  async promptFilter(): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Segments'),
      prompt: vscode.l10n.t('Show segments whose name, tags or id contain these words'),
      value: this.filter,
      placeHolder: vscode.l10n.t({ message: 'e.g. winback eu', args: [], comment: ['Example filter words: keep them short tag-like words'] }),
    });
    if (value === undefined) return undefined;
    this.setFilter(value);
    return value;
  }

  setFilter(value: string | undefined): void {
    const filter = value?.trim() || undefined;
    // Another filter, other rows: each list starts again from its first ones.
    if (filter !== this.filter) this.limits.clear();
    this.filter = filter;
    this.redraw();
  }

  /**
   * Braze: Reveal in Segments View: shows the view (hidden or never opened), waits for the
   * workspace's list to have the segment or be read to its end, and selects and focuses its row,
   * its workspace row and tag group expanded. A row past the first ones of its list (or a tag group
   * past the first groups) is brought in as a "Show more" click would. False when no row can show
   * it: not listed, the filter hides it, or the workspace has no key. Never throws.
   */
  async reveal(workspaceName: string, id: string): Promise<boolean> {
    try {
      const workspace = this.workspaces.get(workspaceName);
      if (!workspace) return false;
      // Its rows exist once the view has been shown; showing it starts the first load.
      if (!this.view.visible) await vscode.commands.executeCommand(`${SEGMENTS_VIEW_ID}.focus`);
      if (!(await this.untilRead(workspace, id)) || this.isDisposed) return false;
      // At most twice more: its tag group's place among the groups, then its place in the group.
      for (let tries = 0; tries < 3; tries++) {
        this.redraw();
        const place = this.tree.locate(workspaceName, id);
        if (!place) return false;
        if ('node' in place) {
          await this.view.reveal(place.node, { select: true, focus: true, expand: true });
          return true;
        }
        for (const { list, rows } of place.grow) this.limits.set(list, Math.max(this.limits.get(list) ?? 0, Math.ceil(rows / ROWS_PER_PAGE) * ROWS_PER_PAGE));
      }
      return false;
    } catch {
      return false;
    }
  }

  /**
   * Until `workspace`'s list has segment `id`, or is read as far as it goes (or nothing arrives for
   * REVEAL_IDLE_MS). False when the workspace has no key: it has no list.
   */
  private async untilRead(workspace: Workspace, id: string): Promise<boolean> {
    if (!(await workspace.hasKey())) return false;
    const read = (state: CatalogState) => (!state.loading && (state.complete || !!state.error)) || state.segments.some((segment) => segment.id === id);
    if (read(workspace.catalog.state)) return true;
    return new Promise<boolean>((resolve) => {
      const idle = () => disposableTimeout(() => done(), REVEAL_IDLE_MS);
      let timer = idle();
      const listener = workspace.catalog.onDidChange((state) => {
        timer.dispose();
        if (read(state)) done();
        else timer = idle();
      });
      function done(): void {
        timer.dispose();
        listener.dispose();
        resolve(true);
      }
    });
  }

  /**
   * A "Show more" row's click: its list shows ROWS_PER_PAGE more rows, with the same filter and sort.
   * Returns how many it shows now (undefined for anything but a "Show more" row).
   */
  showMore(node: unknown): number | undefined {
    const more = node as Partial<SegmentNode> | undefined;
    if (more?.kind !== 'more' || typeof more.workspace !== 'string') return undefined;
    const key = listKey(more.workspace, typeof more.group === 'string' ? more.group : undefined);
    const shown = pageOf(Number.MAX_SAFE_INTEGER, this.limits.get(key)).shown + ROWS_PER_PAGE;
    this.limits.set(key, shown);
    this.redraw();
    return shown;
  }

  async toggleGroupByTag(): Promise<void> {
    await this.settings.writeGroupByTag(!this.settings.groupByTag);
    this.redraw();
  }

  async pickOrder(): Promise<SegmentOrder | undefined> {
    const current = this.settings.segmentOrder;
    const choices: Array<{ label: string; order: SegmentOrder; description: string }> = [
      { label: vscode.l10n.t('Newest first'), order: 'newest', description: vscode.l10n.t('by creation time') },
      { label: vscode.l10n.t('Oldest first'), order: 'oldest', description: vscode.l10n.t('by creation time') },
      { label: vscode.l10n.t({ message: 'Name', args: [], comment: ['Sort order: by segment name'] }), order: 'name', description: vscode.l10n.t('A to Z') },
    ];
    const currentText = vscode.l10n.t({ message: 'current', args: [], comment: ['The sort order in use now'] });
    const items = choices.map((item) => ({ ...item, picked: item.order === current, detail: item.order === current ? currentText : undefined }));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort Segments') });
    if (!pick) return undefined;
    await this.settings.writeSegmentOrder(pick.order);
    this.redraw();
    return pick.order;
  }

  /** One loader per workspace: a removed workspace's goes, an added one's loads if the view is visible. */
  private syncLoaders(draw: 'now' | 'soon' = 'now'): void {
    const current = new Set(this.workspaces.all);
    for (const [workspace, loader] of this.loaders) {
      if (current.has(workspace)) continue;
      loader.dispose();
      this.loaders.delete(workspace);
    }
    for (const workspace of current) {
      if (this.loaders.has(workspace)) continue;
      const loader = new CatalogLoader(workspace, this.host);
      this.loaders.set(workspace, loader);
      if (this.view.visible) loader.shown();
    }
    if (draw === 'now') this.redraw();
    else this.redrawSoon();
  }

  /**
   * While pages arrive (a thousand of them for 100,000 segments), redraw at most every 500 ms: each
   * redraw arranges what is new since the last and tells VS Code which rows changed.
   */
  private redrawSoon(): void {
    this.redraws.schedule();
  }

  private redraw(): void {
    this.redraws.now();
  }

  private draw(): void {
    if (this.isDisposed) return;
    this.tree.refresh();
    const total = this.tree.totalCount;
    const shown = this.tree.visibleCount;
    const description = this.describe(shown, total);
    if (description !== this.said.description) this.view.description = this.said.description = description;
    // The active filter is said where it cannot be missed. Only over rows: a message hides the
    // welcome content (and its buttons) of the empty states.
    const message = this.filter && shown ? vscode.l10n.t('Filtered by “{0}”: {1} of {2} segments.', forPlainText(this.filter), shown.toLocaleString('en'), total.toLocaleString('en')) : undefined;
    if (message !== this.said.message) this.view.message = this.said.message = message;
    void this.setContext();
  }

  /** The view's description: the count (and the filter's), and how far a lone workspace's list has loaded. */
  private describe(shown: number, total: number): string | undefined {
    const count = this.filter
      ? vscode.l10n.t('filtered ({0} of {1})', shown.toLocaleString('en'), total.toLocaleString('en'))
      : total
        ? `${total.toLocaleString('en')}${this.tree.complete ? '' : '…'}`
        : undefined;
    const progress = this.tree.progress;
    if (!progress) return count;
    return count ? `${count} · ${progress}` : vscode.l10n.t('loading {0}…', progress);
  }

  private async setContext(): Promise<void> {
    const filtered = this.filter !== undefined;
    const grouped = this.settings.groupByTag;
    const state = await this.tree.emptyState();
    const context = JSON.stringify([filtered, grouped, state]);
    if (context === this.said.context || this.isDisposed) return;
    this.said.context = context;
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'braze.segments.filtered', filtered),
      vscode.commands.executeCommand('setContext', 'braze.segments.grouped', grouped),
      vscode.commands.executeCommand('setContext', 'braze.segments.state', state),
    ]);
  }
}
