// One detail panel for one segment id. It reads the SegmentService and redraws when the service says
// this id changed (a hover or another view may have refreshed it); it never calls HTTP itself.
import * as vscode from 'vscode';
import { BrazeError, asBrazeError } from '../../braze/errors';
import { describeError } from '../../segments/errorText';
import { formatDay, formatRelative, parseDate } from '../../segments/format';
import { DEFAULT_SIZE_PERIOD, SIZE_PERIODS, type SizeHistory } from '../../segments/sizeHistory';
import { formatCount, summarizeSizes } from '../../segments/sizeSeries';
import type { SegmentService } from '../../segments/segmentService';
import { panelTitle, staleDataError, toSegmentView } from '../../segments/segmentView';
import { FIX_COMMANDS, FIX_LABELS } from '../commandIds';
import type { Connection } from '../connection';
import { panelHtml } from './panelHtml';
import { type FromWebview, type PanelError, type PanelState, type SizesState, type ToWebview, readFromWebview } from './protocol';

export interface SegmentPanelDeps {
  service: SegmentService;
  sizeHistory: SizeHistory;
  connection: Connection;
  /** A bug of ours caught here: logged with its stack. */
  onInternalError?(error: BrazeError): void;
  mediaRoot: vscode.Uri;
  /** dist/webview: the charting library, copied there by esbuild.js. */
  webviewRoot: vscode.Uri;
}

export class SegmentPanel implements vscode.Disposable {
  private state: PanelState;
  private loading: AbortController | undefined;
  private sizesRequest = 0;
  /** Counts load() calls: one that a newer call replaced does not go on to load the sizes. */
  private loadRequest = 0;
  /** When the details on screen were fetched (epoch ms), so an error above them can give their age. */
  private shownFetchedAt: number | undefined;
  /** The period the user chose for the chart; it outlives a dropped segment. */
  private days: number = DEFAULT_SIZE_PERIOD;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly segmentId: string,
    private readonly deps: SegmentPanelDeps,
  ) {
    this.state = { id: segmentId, instance: deps.connection.instance, hasDashboard: !!deps.connection.dashboardUrl, loading: false };
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [deps.mediaRoot, deps.webviewRoot] };
    panel.iconPath = vscode.Uri.joinPath(deps.mediaRoot, 'segment.svg');
    panel.webview.html = panelHtml(panel.webview, deps.mediaRoot, deps.webviewRoot);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      deps.service.onDidChange((change) => {
        if (!change.ids) this.connectionChanged();
        else if (change.ids.includes(segmentId)) this.cacheChanged();
      }),
    );
    this.showCached();
    this.state.analyticsTracking = this.analyticsTracking();
  }

  /** What the panel shows now; for tests and for restoring the panel. */
  get current(): PanelState {
    return this.state;
  }

  /** Shows the panel in the column it is in (undefined keeps it there), and focuses it. */
  reveal(): void {
    this.panel.reveal(undefined, false);
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
    if (this.deps.service.peek(this.segmentId)?.kind === 'found') {
      await Promise.all([this.loadDetails(refresh), this.loadSizes(this.days, refresh)]);
      return;
    }
    const found = await this.loadDetails(refresh);
    if (found && request === this.loadRequest) await this.loadSizes(this.days, refresh);
  }

  /** True when the panel ends up showing the segment's details. */
  private async loadDetails(refresh: boolean): Promise<boolean> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.update({ loading: true, error: undefined });
    try {
      await this.deps.service.getDetails(this.segmentId, { signal: controller.signal, refresh, explicit: refresh });
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

  /** The endpoint or key changed (the service dropped its cache): what is shown may be another workspace's. */
  private connectionChanged(): void {
    this.sizesRequest++; // sizes still in flight belong to the old connection
    this.dropSegment();
    this.update({ error: undefined, analyticsTracking: undefined });
    void this.load(false);
  }

  /** Another caller (a hover, the tree, a list page) changed what the service knows of this id. */
  private cacheChanged(): void {
    this.update({ analyticsTracking: this.analyticsTracking() });
    if (this.loading) return; // the panel's own load is running and will show its outcome
    const cached = this.deps.service.peek(this.segmentId);
    if (cached?.kind === 'missing') {
      this.dropSegment();
      this.update({ error: this.detailsError(new BrazeError('not-found', 'No segment with this id.')) });
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
    const request = ++this.sizesRequest;
    this.days = days;
    const previous = this.state.sizes;
    const base: SizesState = { days, periods: SIZE_PERIODS, loading: true, ...(previous?.days === days ? { times: previous.times, sizes: previous.sizes, latest: previous.latest, change: previous.change } : {}) };
    this.update({ sizes: base });
    let sizes: SizesState;
    try {
      const summary = summarizeSizes(await this.deps.sizeHistory.get(this.segmentId, days, refresh));
      const latestDate = parseDate(summary.latest?.time);
      sizes = {
        days,
        periods: SIZE_PERIODS,
        loading: false,
        times: summary.times,
        sizes: summary.sizes,
        latest: summary.latest && `${formatCount(summary.latest.size)}${latestDate ? ` on ${formatDay(latestDate)}` : ''}`,
        change: summary.change,
        note: summary.times.length ? undefined : 'Braze has no size data for this period.',
      };
    } catch (thrown) {
      const error = asBrazeError(thrown, this.deps.onInternalError);
      const kept = base.times?.length ? this.deps.sizeHistory.fetchedAt(this.segmentId, days) : undefined;
      const plain = this.panelError(error);
      sizes =
        error.kind === 'missing-permission'
          ? { days, periods: SIZE_PERIODS, loading: false, note: 'Sizes need the segments.data_series permission, which this key lacks. The rest of the panel works without it.' }
          : // The chart from before stays: the error says it is the last successful fetch, and how old.
            { ...base, loading: false, error: kept === undefined ? plain : { ...plain, ...staleDataError('sizes', plain.message, kept) } };
    }
    if (request === this.sizesRequest) this.update({ sizes });
  }

  private panelError(error: BrazeError): PanelError {
    const text = describeError(error, this.deps.connection.instance);
    return { ...text, actionLabel: text.action && FIX_LABELS[text.action] };
  }

  /** A details failure; above details still on screen, it says they are from an earlier fetch. */
  private detailsError(error: BrazeError): PanelError {
    const plain = this.panelError(error);
    if (!this.state.segment || this.shownFetchedAt === undefined) return plain;
    return { ...plain, ...staleDataError('details', plain.message, this.shownFetchedAt) };
  }

  /** From the segment list, which the service remembers as its pages arrive. */
  private analyticsTracking(): boolean | undefined {
    return this.deps.service.summary(this.segmentId)?.analyticsTrackingEnabled;
  }

  private showCached(): void {
    const cached = this.deps.service.peek(this.segmentId);
    if (cached?.kind !== 'found') return;
    this.shownFetchedAt = cached.fetchedAt;
    this.panel.title = panelTitle(cached.details, this.segmentId);
    this.update({ segment: toSegmentView(cached.details), fetched: `Fetched ${formatRelative(new Date(cached.fetchedAt))}` });
  }

  private update(change: Partial<PanelState>): void {
    this.state = { ...this.state, ...change, instance: this.deps.connection.instance, hasDashboard: !!this.deps.connection.dashboardUrl };
    this.post({ type: 'state', state: this.state });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({ type: 'state', state: this.state });
        return;
      case 'refresh':
        await this.load(true);
        return;
      case 'copyId':
        await vscode.env.clipboard.writeText(this.segmentId);
        this.post({ type: 'copied' });
        return;
      case 'openDashboard': {
        const url = this.deps.connection.dashboardUrl;
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
        if (message.action === 'retry') await this.load(true);
        else if (Object.hasOwn(FIX_COMMANDS, message.action)) {
          await vscode.commands.executeCommand(FIX_COMMANDS[message.action]);
          await this.load(true);
        }
        return;
    }
  }

  dispose(): void {
    this.loading?.abort();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
