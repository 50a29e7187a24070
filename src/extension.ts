// Wires the extension together; nothing here does work of its own. Nothing slow runs at activation:
// no request is made until a command, a hover or a view asks for data.
import * as vscode from 'vscode';
import type { BrazeError } from './braze/errors';
import { SegmentCatalog } from './segments/segmentCatalog';
import { SegmentService } from './segments/segmentService';
import { SizeHistory } from './segments/sizeHistory';
import { ApiKeyStore } from './ui/apiKeyStore';
import { COMMANDS } from './ui/commandIds';
import { clearApiKey, setApiKey } from './ui/commands/apiKey';
import { lookupSegment } from './ui/commands/lookupSegment';
import { copySegmentId, insertSegmentId, openDashboard, openSegment, retrySegment } from './ui/commands/segmentActions';
import { selectEndpoint } from './ui/commands/selectEndpoint';
import { Connection } from './ui/connection';
import { NetworkSettings } from './ui/networkSettings';
import { testConnection } from './ui/commands/testConnection';
import { BrazeLog } from './ui/log';
import { SEGMENT_PANEL_VIEW_TYPE, SegmentPanels } from './ui/panel/segmentPanels';
import { CachePersistence } from './ui/cachePersistence';
import { SegmentHoverProvider } from './ui/hoverProvider';
import { CachedSettings } from './ui/settings';
import { logConfigurationChanges, logStartup } from './ui/activityLog';
import { watchConnectionContext } from './ui/contextKeys';
import { BrazeStatusBar } from './ui/statusBar';
import { SegmentsView } from './ui/tree/segmentsView';

/**
 * What activate() returns when VS Code runs the extension's own tests, and only then: handles for
 * the integration tests. In any other mode it returns nothing, because every installed extension can
 * read `exports`, and these handles reach the key. There is no public API.
 */
export interface BrazeSegmentsApi {
  service: SegmentService;
  panels: SegmentPanels;
  connection: Connection;
  catalog: SegmentCatalog;
  segmentsView: SegmentsView;
  keys: ApiKeyStore;
  log: BrazeLog;
  statusBar: BrazeStatusBar;
  /** Where the "Braze" log file is written. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): BrazeSegmentsApi | undefined {
  const log = new BrazeLog();
  const keys = new ApiKeyStore(context.secrets);
  const network = new NetworkSettings();
  const connection = new Connection(keys, log, network);
  // Bugs of ours caught anywhere below are logged once, with their stack.
  const onInternalError = (error: BrazeError) => log.unexpected(error);
  const connect = () => connection.connect();
  const settings = new CachedSettings();
  const { cacheTtlMs } = settings;
  const service = new SegmentService({ connect, ttlMs: cacheTtlMs, onInternalError });
  const sizeHistory = new SizeHistory({ connect, ttlMs: cacheTtlMs, onInternalError });
  const catalog = new SegmentCatalog({ connect, onPage: (rows) => service.rememberSummaries(rows), onInternalError });
  const persistence = new CachePersistence(context.globalState, service, connection);
  const panels = new SegmentPanels({
    service,
    sizeHistory,
    connection,
    onInternalError,
    mediaRoot: vscode.Uri.joinPath(context.extensionUri, 'media'),
    webviewRoot: vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'),
  });
  const segmentsView = new SegmentsView(catalog, connection);
  const statusBar = new BrazeStatusBar(connection);

  logStartup(log, connection, String((context.extension.packageJSON as { version?: unknown }).version));
  context.subscriptions.push(
    log,
    network,
    logConfigurationChanges(log),
    watchConnectionContext(connection),
    keys,
    connection,
    service,
    settings,
    persistence,
    panels,
    catalog,
    segmentsView,
    statusBar,
    // One source of truth for what a segment is called: details fetched anywhere update the tree.
    // Most changes are list pages whose rows already agree with the details: those cost no search.
    service.onDidChange(({ ids }) => {
      for (const id of ids ?? []) {
        const cached = service.peek(id);
        const listed = service.summary(id);
        if (cached?.kind !== 'found' || !listed) continue;
        const { name, tags } = cached.details;
        if ((name ?? listed.name) !== listed.name || tags.join('\n') !== listed.tags.join('\n')) catalog.applyDetails(cached.details);
      }
    }),
    connection.onDidChange(() => {
      service.clear();
      sizeHistory.clear();
    }),
    vscode.window.registerWebviewPanelSerializer(SEGMENT_PANEL_VIEW_TYPE, panels),
    // Every file and untitled buffer: segment ids turn up in code, configs, SQL and notes alike.
    vscode.languages.registerHoverProvider(['file', 'untitled', 'vscode-userdata', 'vscode-notebook-cell', 'git'].map((scheme) => ({ scheme })), new SegmentHoverProvider(service, connection, settings)),
    vscode.commands.registerCommand(COMMANDS.selectEndpoint, (url?: string) => selectEndpoint(connection, url)),
    vscode.commands.registerCommand(COMMANDS.setApiKey, (key?: string) => setApiKey(connection, keys, log, key)),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, () => clearApiKey(connection, keys)),
    vscode.commands.registerCommand(COMMANDS.lookupSegment, (id?: unknown) => lookupSegment(connection, panels, catalog, id)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.testConnection, () => testConnection({ connection, keys, network, log })),
    vscode.commands.registerCommand(COMMANDS.refreshSegments, () => segmentsView.load(true)),
    vscode.commands.registerCommand(COMMANDS.filterSegments, () => segmentsView.promptFilter()),
    vscode.commands.registerCommand(COMMANDS.clearSegmentFilter, () => segmentsView.setFilter(undefined)),
    vscode.commands.registerCommand(COMMANDS.groupSegmentsByTag, () => segmentsView.toggleGroupByTag()),
    vscode.commands.registerCommand(COMMANDS.ungroupSegments, () => segmentsView.toggleGroupByTag()),
    vscode.commands.registerCommand(COMMANDS.sortSegments, () => segmentsView.pickOrder()),
    vscode.commands.registerCommand(COMMANDS.openSegment, (arg?: unknown) => openSegment(panels, arg)),
    vscode.commands.registerCommand(COMMANDS.copySegmentId, (arg?: unknown) => copySegmentId(arg)),
    vscode.commands.registerCommand(COMMANDS.insertSegmentId, (arg?: unknown) => insertSegmentId(arg)),
    vscode.commands.registerCommand(COMMANDS.openDashboard, () => openDashboard(connection)),
    vscode.commands.registerCommand(COMMANDS.statusBarMenu, () => statusBar.showMenu()),
    vscode.commands.registerCommand(COMMANDS.retrySegment, (arg?: unknown) => retrySegment(service, arg)),
    // Hovers skip ids the complete list lacks (unless their own line says "segment"): they need to know.
    catalog.onDidChange((state) => service.setListComplete(state.complete && !state.stopped && !state.error && !state.loading)),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return { service, panels, connection, catalog, segmentsView, keys, log, statusBar, logUri: context.logUri };
}

// Everything is disposed through context.subscriptions (the Connection closes its HTTP pools).
export function deactivate(): void {}
