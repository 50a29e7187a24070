// One detail panel for one segment id. It reads the SegmentService and redraws when the service says
// this id changed (a hover or another view may have refreshed it); it never calls HTTP itself.
import * as vscode from 'vscode';
import { type BrazeError, asBrazeError } from '../../braze/errors';
import { describeError } from '../../segments/errorText';
import { formatDay, formatRelative, parseDate } from '../../segments/format';
import { DEFAULT_SIZE_PERIOD, SIZE_PERIODS, type SizeHistory } from '../../segments/sizeHistory';
import { formatCount, summarizeSizes } from '../../segments/sizeSeries';
import type { SegmentService } from '../../segments/segmentService';
import { panelTitle, toSegmentView } from '../../segments/segmentView';
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
      panel.webview.onDidReceiveMessage((message: unknown) => {
        const valid = readFromWebview(message);
        if (valid) void this.onMessage(valid);
      }),
      panel.onDidDispose(() => this.dispose()),
      deps.service.onDidChange((change) => {
        if (!change.ids) void this.load(false); // cache dropped: endpoint or key changed
        else if (change.ids.includes(segmentId)) {
          this.showCached();
          this.update({ analyticsTracking: this.analyticsTracking() });
        }
      }),
    );
    this.showCached();
    this.state.analyticsTracking = this.analyticsTracking();
  }

  /** What the panel shows now; for tests and for restoring the panel. */
  get current(): PanelState {
    return this.state;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Fetches details and sizes (or reads the caches); resolves when the panel shows both outcomes. */
  async load(refresh: boolean): Promise<void> {
    await Promise.all([this.loadDetails(refresh), this.loadSizes(this.state.sizes?.days ?? DEFAULT_SIZE_PERIOD, refresh)]);
  }

  private async loadDetails(refresh: boolean): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.update({ loading: true, error: undefined });
    try {
      await this.deps.service.getDetails(this.segmentId, { signal: controller.signal, refresh, explicit: refresh });
      if (controller.signal.aborted) return;
      this.showCached();
      this.update({ loading: false });
    } catch (thrown) {
      if (controller.signal.aborted) return;
      const error = asBrazeError(thrown, this.deps.onInternalError);
      if (error.kind === 'not-found') this.update({ segment: undefined, fetched: undefined });
      this.update({ loading: false, error: this.panelError(error) });
    } finally {
      if (this.loading === controller) this.loading = undefined;
    }
  }

  /** The size chart for `days`; a failure only affects this section. */
  async loadSizes(days: number, refresh: boolean): Promise<void> {
    const request = ++this.sizesRequest;
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
      sizes =
        error.kind === 'missing-permission'
          ? { days, periods: SIZE_PERIODS, loading: false, note: 'Sizes need the segments.data_series permission, which this key lacks. The rest of the panel works without it.' }
          : { ...base, loading: false, error: this.panelError(error) };
    }
    if (request === this.sizesRequest) this.update({ sizes });
  }

  private panelError(error: BrazeError): PanelError {
    const text = describeError(error, this.deps.connection.instance);
    return { ...text, actionLabel: text.action && FIX_LABELS[text.action] };
  }

  /** From the segment list, which the service remembers as its pages arrive. */
  private analyticsTracking(): boolean | undefined {
    return this.deps.service.summary(this.segmentId)?.analyticsTrackingEnabled;
  }

  private showCached(): void {
    const cached = this.deps.service.peek(this.segmentId);
    if (cached?.kind !== 'found') return;
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
