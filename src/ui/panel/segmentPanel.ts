// One detail panel for one segment id in one Braze workspace. It reads that workspace's SegmentService
// and size history, and redraws when the service says this id changed (a hover or another view may
// have refreshed it); it never calls HTTP itself. A panel with no workspace (the user has none yet)
// says so and offers Select REST Endpoint; SegmentPanels moves it into one once there is one.
import * as vscode from 'vscode';
import { BrazeError, asBrazeError } from '../../braze/errors';
import { Emitter, type Event } from '../../common/events';
import { Disposable, type IDisposable, toDisposable } from '../../common/lifecycle';
import { type FixAction, describeError } from '../../segments/errorText';
import { formatDay, formatRelative, parseDate } from '../../segments/format';
import { DEFAULT_SIZE_PERIOD, SIZE_PERIODS } from '../../segments/sizeHistory';
import { formatCount, summarizeSizes } from '../../segments/sizeSeries';
import { panelTitle, staleDataError, toPanelSegment } from '../../segments/panelSegment';
import type { Workspace } from '../../segments/workspace';
import { COMMANDS, FIX_COMMANDS, FIX_LABELS } from '../commandIds';
import type { Workspaces } from '../workspaces';
import { noWorkspaceError, notFoundMessage } from './panelErrors';
import { panelHtml } from './panelHtml';
import { panelStrings } from './panelStrings';
import { type FromWebview, type PanelError, type PanelState, type SizesState, type ToWebview, readFromWebview } from './protocol';

export interface SegmentPanelDeps {
  workspaces: Workspaces;
  /** A bug of ours caught here: logged with its stack. */
  onInternalError?(error: BrazeError): void;
  mediaRoot: vscode.Uri;
  /** dist/webview: the charting library, copied there by esbuild.js. */
  webviewRoot: vscode.Uri;
}

export class SegmentPanel extends Disposable {
  private state: PanelState;
  private home: Workspace | undefined;
  /** The listener on the home workspace's service, replaced when the panel moves. */
  private watch: IDisposable | undefined;
  private loading: AbortController | undefined;
  private sizesRequest = 0;
  /** Counts load() calls: one that a newer call replaced does not go on to load the sizes. */
  private loadRequest = 0;
  /** When the details on screen were fetched (epoch ms), so an error above them can give their age. */
  private shownFetchedAt: number | undefined;
  /** The period the user chose for the chart; it outlives a dropped segment. */
  private days: number = DEFAULT_SIZE_PERIOD;
  private readonly disposed: Emitter<void>;
  readonly onDidDispose: Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly segmentId: string,
    workspace: Workspace | undefined,
    private readonly deps: SegmentPanelDeps,
  ) {
    super();
    // Disposed newest first: the listeners go, then onDidDispose fires, then the webview panel closes.
    this._register(toDisposable(() => panel.dispose()));
    this.disposed = this._register(new Emitter<void>());
    this.onDidDispose = this.disposed.event;
    this._register(toDisposable(() => this.disposed.fire()));
    this.home = workspace;
    this.state = { id: segmentId, loading: false, ...this.place() };
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [deps.mediaRoot, deps.webviewRoot] };
    panel.iconPath = vscode.Uri.joinPath(deps.mediaRoot, 'segment.svg');
    panel.webview.html = panelHtml(panel.webview, deps.mediaRoot, deps.webviewRoot);
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      toDisposable(() => {
        this.loading?.abort();
        this.watch?.dispose();
      }),
    );
    this.watchHome();
    this.showCached();
    this.state.analyticsTracking = this.analyticsTracking();
  }

  /** What the panel shows now; for tests and for restoring the panel. */
  get current(): PanelState {
    return this.state;
  }

  /** The workspace the panel reads; undefined while the user has none. */
  get workspace(): Workspace | undefined {
    return this.home;
  }

  /** Shows the panel in the column it is in (undefined keeps it there), and focuses it. */
  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /**
   * Makes `workspace` the panel's own (its workspace was replaced: its endpoint was edited, or the
   * user's only one changed; or the user had none): what is shown is dropped and loaded from there.
   */
  moveTo(workspace: Workspace | undefined): Promise<void> {
    this.home = workspace;
    this.watchHome();
    return this.reload();
  }

  /** The user's workspaces changed: the header names the workspace only while there are several. */
  workspacesChanged(): void {
    this.update({});
  }

  /** A message from the webview: acted on only when it is one the page may send. */
  async receive(message: unknown): Promise<void> {
    const valid = readFromWebview(message);
    if (valid) await this.onMessage(valid);
  }

  /**
   * Fetches details and sizes (or reads the caches); resolves when the panel shows both outcomes.
   * A segment the cache knows loads its sizes alongside its details, so it opens as fast as before;
   * any other id waits for its details first, so an id Braze does not know costs no size request.
   */
  async load(refresh: boolean): Promise<void> {
    const request = ++this.loadRequest;
    if (!this.home) {
      this.loading?.abort();
      this.update({ loading: false, error: this.panelError(noWorkspaceError(this.deps.workspaces.endpointProblem)) });
      return;
    }
    if (this.home.service.peek(this.segmentId)?.kind === 'found') {
      await Promise.all([this.loadDetails(this.home, refresh), this.loadSizes(this.days, refresh)]);
      return;
    }
    const found = await this.loadDetails(this.home, refresh);
    if (found && request === this.loadRequest) await this.loadSizes(this.days, refresh);
  }

  /**
   * Shows a failure the caller already had for this id (the search across workspaces), instead of
   * asking Braze again at once: a timeout is waited for once. Retry asks again.
   */
  showFailure(error: BrazeError): void {
    this.loadRequest++;
    this.loading?.abort();
    this.update({ loading: false, error: this.detailsError(error) });
  }

  /** True when the panel ends up showing the segment's details. */
  private async loadDetails(workspace: Workspace, refresh: boolean): Promise<boolean> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.update({ loading: true, error: undefined });
    try {
      await workspace.service.getDetails(this.segmentId, { signal: controller.signal, refresh, explicit: refresh });
      if (controller.signal.aborted) return false;
      this.showCached();
      this.update({ loading: false });
      return true;
    } catch (thrown) {
      if (controller.signal.aborted) return false;
      const error = asBrazeError(thrown, this.deps.onInternalError);
      if (error.kind === 'not-found') this.dropSegment();
      this.update({ loading: false, error: this.detailsError(error) });
      return false;
    } finally {
      if (this.loading === controller) this.loading = undefined;
    }
  }

  private watchHome(): void {
    this.watch?.dispose();
    const workspace = this.home;
    this.watch = workspace?.service.onDidChange((change) => {
      if (!change.ids) this.dataDropped(workspace);
      else if (change.ids.includes(this.segmentId)) this.cacheChanged();
    });
  }

  /**
   * The workspace dropped everything it had (its key was set or removed): what is shown may have
   * been fetched with another workspace's key, so it goes, and the panel loads again. A workspace
   * that is being removed drops its data too: SegmentPanels then moves or closes the panel.
   */
  private dataDropped(workspace: Workspace): void {
    if (workspace !== this.home || !this.deps.workspaces.all.includes(workspace)) return;
    void this.reload();
  }

  private reload(): Promise<void> {
    this.sizesRequest++; // sizes still in flight belong to what was dropped
    this.dropSegment();
    this.update({ error: undefined, analyticsTracking: this.analyticsTracking() });
    return this.load(false);
  }

  /** Another caller (a hover, the tree, a list page) changed what the service knows of this id. */
  private cacheChanged(): void {
    this.update({ analyticsTracking: this.analyticsTracking() });
    if (this.loading) return; // the panel's own load is running and will show its outcome
    const cached = this.home?.service.peek(this.segmentId);
    if (cached?.kind === 'missing') {
      this.dropSegment();
      this.update({ error: this.detailsError(new BrazeError('not-found', vscode.l10n.t('No segment with this id.'))) });
      return;
    }
    if (cached?.kind !== 'found') return;
    const newer = this.shownFetchedAt === undefined || cached.fetchedAt > this.shownFetchedAt;
    this.showCached();
    if (!newer) return;
    // Braze answered again: an earlier failure no longer describes what is shown, and sizes that
    // failed (or never loaded, because the details had failed) are worth another try.
    if (this.state.error) this.update({ error: undefined });
    if (!this.state.sizes || this.state.sizes.error) void this.loadSizes(this.days, false);
  }

  private dropSegment(): void {
    this.shownFetchedAt = undefined;
    this.panel.title = panelTitle(undefined, this.segmentId);
    this.update({ segment: undefined, fetched: undefined, sizes: undefined });
  }

  /** The size chart for `days`; a failure only affects this section. */
  async loadSizes(days: number, refresh: boolean): Promise<void> {
    const workspace = this.home;
    if (!workspace) return;
    const request = ++this.sizesRequest;
    this.days = days;
    const previous = this.state.sizes;
    const base: SizesState = { days, periods: SIZE_PERIODS, loading: true, ...(previous?.days === days ? { times: previous.times, sizes: previous.sizes, latest: previous.latest, change: previous.change } : {}) };
    this.update({ sizes: base });
    let sizes: SizesState;
    try {
      sizes = sizesShown(days, summarizeSizes(await workspace.sizeHistory.get(this.segmentId, days, refresh)));
    } catch (thrown) {
      const error = asBrazeError(thrown, this.deps.onInternalError);
      const kept = base.times?.length ? workspace.sizeHistory.fetchedAt(this.segmentId, days) : undefined;
      const plain = this.panelError(error);
      sizes =
        error.kind === 'missing-permission'
          ? { days, periods: SIZE_PERIODS, loading: false, note: vscode.l10n.t('Sizes need the segments.data_series permission, which this key lacks. The rest of the panel works without it.') }
          : // The chart from before stays: the error says it is the last successful fetch, and how old.
            { ...base, loading: false, error: kept === undefined ? plain : { ...plain, ...staleDataError('sizes', plain.message, kept) } };
    }
    if (request === this.sizesRequest && workspace === this.home) this.update({ sizes });
  }

  private panelError(error: BrazeError): PanelError {
    const text = describeError(error, this.home?.label ?? 'Braze');
    const message = error.kind === 'not-found' ? this.notFoundText() ?? text.message : text.message;
    return { ...text, message, actionLabel: text.action && FIX_LABELS[text.action] };
  }

  /**
   * With several workspaces, which were asked: every one whose cache says it has no such segment
   * (the search across workspaces left that answer in each). Undefined when only this one was.
   */
  private notFoundText(): string | undefined {
    const { workspaces } = this.deps;
    if (!workspaces.several) return undefined;
    const asked = workspaces.all.filter((workspace) => workspace.service.peek(this.segmentId)?.kind === 'missing');
    if (asked.length < 2) return undefined;
    const everyKeyed = workspaces.all.every((workspace) => asked.includes(workspace) || workspace.keyState === false);
    return notFoundMessage(
      asked.map((workspace) => workspace.name),
      everyKeyed,
    );
  }

  /** A details failure; above details still on screen, it says they are from an earlier fetch. */
  private detailsError(error: BrazeError): PanelError {
    const plain = this.panelError(error);
    if (!this.state.segment || this.shownFetchedAt === undefined) return plain;
    return { ...plain, ...staleDataError('details', plain.message, this.shownFetchedAt) };
  }

  /** From the segment list, which the service remembers as its pages arrive. */
  private analyticsTracking(): boolean | undefined {
    return this.home?.service.summary(this.segmentId)?.analyticsTrackingEnabled;
  }

  private showCached(): void {
    const cached = this.home?.service.peek(this.segmentId);
    if (cached?.kind !== 'found') return;
    this.shownFetchedAt = cached.fetchedAt;
    this.panel.title = panelTitle(cached.details, this.segmentId);
    this.update({ segment: toPanelSegment(cached.details), fetched: vscode.l10n.t('Fetched {0}', formatRelative(new Date(cached.fetchedAt))) });
  }

  /** Where the segment lives, as the page shows it; the workspace is named only when there are several. */
  private place(): Pick<PanelState, 'instance' | 'workspace' | 'home' | 'hasDashboard'> {
    const home = this.home;
    return {
      instance: home?.instance ?? 'Braze',
      workspace: home && this.deps.workspaces.several ? home.name : undefined,
      home: home?.name,
      hasDashboard: !!home?.dashboardUrl,
    };
  }

  private update(change: Partial<PanelState>): void {
    if (this.isDisposed) return;
    this.state = { ...this.state, ...change, ...this.place() };
    this.post({ type: 'state', state: this.state });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The page's words come with its first state: it has none of its own.
        this.post({ type: 'state', state: this.state, strings: panelStrings() });
        return;
      case 'refresh':
        await this.load(true);
        return;
      case 'copyId':
        await vscode.env.clipboard.writeText(this.segmentId);
        this.post({ type: 'copied' });
        return;
      // The same commands as the tree's and the hover's, told this panel's workspace.
      case 'copyName':
        if (await vscode.commands.executeCommand(COMMANDS.copySegmentName, this.segmentId, this.home?.name)) this.post({ type: 'copied' });
        return;
      case 'copyMarkdownLink':
        if (await vscode.commands.executeCommand(COMMANDS.copySegmentMarkdownLink, this.segmentId, this.home?.name)) this.post({ type: 'copied' });
        return;
      case 'reveal':
        await vscode.commands.executeCommand(COMMANDS.revealSegment, this.segmentId, this.home?.name);
        return;
      case 'openDashboard': {
        const url = this.home?.dashboardUrl;
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
      case 'setDays':
        if ((SIZE_PERIODS as readonly number[]).includes(message.days)) await this.loadSizes(message.days, false);
        return;
      case 'retrySizes':
        await this.loadSizes(this.days, true);
        return;
      case 'fix':
        await this.fix(message.action);
        return;
    }
  }

  /** A fix button: its command (Set API Key for this panel's workspace), then the panel loads again. */
  private async fix(action: FixAction): Promise<void> {
    if (action !== 'retry') {
      if (!Object.hasOwn(FIX_COMMANDS, action)) return;
      if (action === 'setApiKey') await vscode.commands.executeCommand(COMMANDS.setApiKey, undefined, this.home?.name);
      else await vscode.commands.executeCommand(FIX_COMMANDS[action]);
    }
    await this.load(true);
  }
}

/** The sizes section for a loaded series: the chart, its latest value and change, or why it is empty. */
function sizesShown(days: number, summary: ReturnType<typeof summarizeSizes>): SizesState {
  const latestDate = parseDate(summary.latest?.time);
  return {
    days,
    periods: SIZE_PERIODS,
    loading: false,
    times: summary.times,
    sizes: summary.sizes,
    latest: summary.latest && (latestDate ? vscode.l10n.t('{0} on {1}', formatCount(summary.latest.size), formatDay(latestDate)) : formatCount(summary.latest.size)),
    change: summary.change,
    note: summary.times.length ? undefined : vscode.l10n.t('Braze has no size data for this period.'),
  };
}
