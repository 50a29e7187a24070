// Wires the extension together; nothing here does work of its own. Nothing slow runs at activation:
// no request is made until a command, a hover or a view asks for data.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrazeError } from './braze/errors';
import { Disposable, disposableTimeout } from './common/lifecycle';
import { logConfigurationChanges, logStartup } from './ui/activityLog';
import { ApiKeyStore } from './ui/apiKeyStore';
import { BrazeClients } from './ui/brazeClients';
import { COMMANDS } from './ui/commandIds';
import { type ApiKeyDeps, clearApiKey, setApiKey } from './ui/commands/apiKey';
import { copySegmentMarkdownLink, copySegmentName } from './ui/commands/copySegmentText';
import { lookupSegment } from './ui/commands/lookupSegment';
import { revealSegment } from './ui/commands/revealSegment';
import { copySegmentId, insertSegmentId, openDashboard, openSegment, retrySegment } from './ui/commands/segmentActions';
import { selectEndpoint } from './ui/commands/selectEndpoint';
import { testConnection } from './ui/commands/testConnection';
import { addWorkspace, removeWorkspace } from './ui/commands/workspaceCommands';
import { WALKTHROUGH_CONTEXT_KEYS, onceContextKey, watchContextKeys } from './ui/contextKeys';
import { SegmentHoverProvider } from './ui/hoverProvider';
import { BrazeLog } from './ui/log';
import { NetworkSettings } from './ui/networkSettings';
import { SEGMENT_PANEL_VIEW_TYPE, SegmentPanels } from './ui/panel/segmentPanels';
import { Settings } from './ui/settings';
import { BrazeStatusBar } from './ui/statusBar';
import { CodeIndex } from './ui/code/codeIndex';
import { DocumentScans } from './ui/code/documentScans';
import { SegmentInlineNames } from './ui/code/inlineNames';
import { ReferencesView } from './ui/code/referencesView';
import { SEGMENT_COMPLETION_TRIGGERS, SegmentCompletion } from './ui/code/segmentCompletion';
import { REPLACE_SEGMENT_ID_COMMAND, SegmentProblemFixes, replaceSegmentId } from './ui/code/segmentProblemFixes';
import { CODE_SELECTOR, inCodeDocuments } from './ui/code/codeDocuments';
import { PROBLEM_DOCUMENT_SELECTOR, SegmentProblems } from './ui/code/segmentProblems';
import { SegmentReferences } from './ui/code/segmentReferences';
import { SegmentChecks } from './segments/code/segmentChecks';
import { workspaceNameFrom } from './ui/tree/segmentNodes';
import { SegmentsTree } from './ui/tree/segmentsTree';
import { WALKTHROUGH_FULL_ID, offerWalkthroughOnce, openExampleSegmentId } from './ui/walkthrough';
import { Workspaces } from './ui/workspaces';

/**
 * What activate() returns when VS Code runs the extension's own tests, and only then: handles for
 * the integration tests. In any other mode it returns nothing, because every installed extension can
 * read `exports`, and these handles reach the keys. There is no public API.
 */
export interface BrazeSegmentsApi {
  workspaces: Workspaces;
  panels: SegmentPanels;
  segmentsTree: SegmentsTree;
  keys: ApiKeyStore;
  log: BrazeLog;
  statusBar: BrazeStatusBar;
  settings: Settings;
  codeIndex: CodeIndex;
  problems: SegmentProblems;
  referencesView: ReferencesView;
  inlineNames: SegmentInlineNames;
  /** Where the "Braze" log file is written. */
  logUri: vscode.Uri;
}

/** Owns everything activate() builds; disposed through context.subscriptions. */
class BrazeSegments extends Disposable {
  readonly log = this._register(new BrazeLog());
  readonly settings = this._register(new Settings());
  readonly keys: ApiKeyStore;
  readonly workspaces: Workspaces;
  readonly panels: SegmentPanels;
  readonly segmentsTree: SegmentsTree;
  readonly statusBar: BrazeStatusBar;
  readonly codeIndex: CodeIndex;
  readonly problems: SegmentProblems;
  readonly referencesView: ReferencesView;
  readonly inlineNames: SegmentInlineNames;

  constructor(context: vscode.ExtensionContext) {
    super();
    const { log, settings } = this;
    // Bugs of ours caught anywhere below are logged once, with their stack.
    const onInternalError = (error: BrazeError) => log.unexpected(error);
    const network = this._register(new NetworkSettings());
    const clients = this._register(new BrazeClients(log, network));
    this.keys = this._register(new ApiKeyStore(context.secrets));
    const keys = this.keys;
    this.workspaces = this._register(new Workspaces({ settings, keys, clients, log, memento: context.globalState, onInternalError }));
    const workspaces = this.workspaces;
    this.panels = this._register(
      new SegmentPanels({
        workspaces,
        onInternalError,
        mediaRoot: vscode.Uri.joinPath(context.extensionUri, 'media'),
        webviewRoot: vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'),
      }),
    );
    this.segmentsTree = this._register(new SegmentsTree(workspaces, settings));
    this.statusBar = this._register(new BrazeStatusBar(workspaces));

    // Written just after activation, off its path: the log is read by people, not by activate().
    const version = String((context.extension.packageJSON as { version?: unknown }).version);
    this._register(disposableTimeout(() => logStartup(log, workspaces, version), 0));
    this._register(logConfigurationChanges(log, settings));
    this._register(watchContextKeys(workspaces));
    this._register(vscode.window.registerWebviewPanelSerializer(SEGMENT_PANEL_VIEW_TYPE, this.panels));
    // Every file, whatever file system holds it, untitled buffers and notebook cells: segment ids turn
    // up in code, configs, SQL and notes alike (src/ui/code/codeDocuments.ts says which documents).
    const hover = new SegmentHoverProvider(workspaces, settings, onceContextKey(WALKTHROUGH_CONTEXT_KEYS.hoverCardShown));
    this._register(vscode.languages.registerHoverProvider(CODE_SELECTOR, { provideHover: inCodeDocuments(hover.provideHover.bind(hover)) }));

    // Segments in code: names beside ids, completion, references, problems and the Segments in Code
    // view share one scan per document version and one index of the workspace (read when first needed).
    this.codeIndex = this._register(new CodeIndex(this._register(new DocumentScans())));
    const { codeIndex } = this;
    this.inlineNames = this._register(new SegmentInlineNames(workspaces, settings, codeIndex.documents));
    const { inlineNames } = this;
    this._register(
      vscode.languages.registerInlayHintsProvider(CODE_SELECTOR, {
        onDidChangeInlayHints: inlineNames.onDidChangeInlayHints,
        provideInlayHints: inCodeDocuments(inlineNames.provideInlayHints.bind(inlineNames)),
        resolveInlayHint: inlineNames.resolveInlayHint.bind(inlineNames),
      }),
    );
    const completion = new SegmentCompletion(workspaces, settings);
    this._register(
      vscode.languages.registerCompletionItemProvider(
        CODE_SELECTOR,
        { provideCompletionItems: inCodeDocuments(completion.provideCompletionItems.bind(completion)), resolveCompletionItem: completion.resolveCompletionItem.bind(completion) },
        ...SEGMENT_COMPLETION_TRIGGERS,
      ),
    );
    const references = new SegmentReferences(codeIndex.documents, codeIndex);
    this._register(vscode.languages.registerReferenceProvider(CODE_SELECTOR, { provideReferences: inCodeDocuments(references.provideReferences.bind(references)) }));
    this._register(vscode.languages.registerDocumentHighlightProvider(CODE_SELECTOR, { provideDocumentHighlights: inCodeDocuments(references.provideDocumentHighlights.bind(references)) }));
    const checks = this._register(new SegmentChecks(workspaces, workspaces.resolver));
    this.problems = this._register(new SegmentProblems({ workspaces, checks, codeIndex }));
    this._register(vscode.languages.registerCodeActionsProvider(PROBLEM_DOCUMENT_SELECTOR, new SegmentProblemFixes(), SegmentProblemFixes.metadata));
    this.referencesView = this._register(new ReferencesView(codeIndex, workspaces, this.problems));
    // The whole workspace is checked for problems while the Segments in Code view is open.
    this._register(this.referencesView.onDidChangeVisibility((visible) => this.problems.setWorkspaceWide(visible)));
    if (this.referencesView.visible) this.problems.setWorkspaceWide(true);

    this.registerCommands({ workspaces, keys, clients, settings, log }, network);
    // Off activation's path: the connections of the workspaces that can send, opened without a request.
    void clients.scheduleWarmUp(() => workspaces.endpointsWithKeys());
    void offerWalkthroughOnce({ workspaces, globalState: context.globalState, mode: context.extensionMode });
  }

  /** Every command, by its contract id; the arguments are what menus, links and tests pass. */
  private registerCommands(keyDeps: ApiKeyDeps, network: NetworkSettings): void {
    const { workspaces, keys, settings, log } = keyDeps;
    const { panels, segmentsTree, statusBar } = this;
    const commands: Record<string, (...args: never[]) => unknown> = {
      [COMMANDS.selectEndpoint]: (url?: unknown) => selectEndpoint(workspaces, settings, url),
      // From a workspace row's menu VS Code passes the row itself: it names the workspace, not a key.
      [COMMANDS.setApiKey]: (key?: unknown, workspace?: unknown) => (typeof key === 'object' && key ? setApiKey(keyDeps, undefined, workspaceNameFrom(key)) : setApiKey(keyDeps, key, workspace)),
      // `options.confirmed` skips the question (tests), as for Remove Workspace.
      [COMMANDS.clearApiKey]: (workspace?: unknown, options?: { confirmed?: boolean }) => clearApiKey(keyDeps, workspace, options),
      [COMMANDS.addWorkspace]: (name?: unknown, endpoint?: unknown, key?: unknown) => addWorkspace(keyDeps, name, endpoint, key),
      [COMMANDS.removeWorkspace]: (workspace?: unknown, options?: { confirmed?: boolean }) => removeWorkspace(keyDeps, workspace, options),
      [COMMANDS.lookupSegment]: (id?: unknown) => lookupSegment(workspaces, panels, settings, id),
      [COMMANDS.showLog]: () => log.show(),
      [COMMANDS.testConnection]: (workspace?: unknown) => testConnection({ workspaces, keys, network, settings, log }, workspace),
      [COMMANDS.refreshSegments]: (workspace?: unknown) => segmentsTree.refresh(workspaceNameFrom(workspace)),
      [COMMANDS.filterSegments]: () => segmentsTree.promptFilter(),
      [COMMANDS.clearSegmentFilter]: () => segmentsTree.setFilter(undefined),
      [COMMANDS.groupSegmentsByTag]: () => segmentsTree.toggleGroupByTag(),
      [COMMANDS.ungroupSegments]: () => segmentsTree.toggleGroupByTag(),
      [COMMANDS.sortSegments]: () => segmentsTree.pickOrder(),
      [COMMANDS.showMoreSegments]: (row?: unknown) => segmentsTree.showMore(row),
      [COMMANDS.openSegment]: (arg?: unknown, workspace?: unknown) => openSegment(panels, workspaces, arg, workspace),
      [COMMANDS.copySegmentId]: (arg?: unknown) => copySegmentId(arg),
      [COMMANDS.copySegmentName]: (arg?: unknown, workspace?: unknown) => copySegmentName({ workspaces, settings }, arg, workspace),
      [COMMANDS.copySegmentMarkdownLink]: (arg?: unknown, workspace?: unknown) => copySegmentMarkdownLink({ workspaces, settings }, arg, workspace),
      [COMMANDS.revealSegment]: (arg?: unknown, workspace?: unknown) => revealSegment({ workspaces, tree: segmentsTree }, arg, workspace),
      [COMMANDS.insertSegmentId]: (arg?: unknown) => insertSegmentId(arg),
      [COMMANDS.openDashboard]: (arg?: unknown) => openDashboard(workspaces, arg),
      [COMMANDS.statusBarMenu]: () => statusBar.showMenu(),
      [COMMANDS.retrySegment]: (arg?: unknown, workspace?: unknown) => retrySegment(workspaces, arg, workspace),
      [COMMANDS.getStarted]: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_FULL_ID, false),
      [COMMANDS.openExampleSegmentId]: () => openExampleSegmentId(workspaces),
      [REPLACE_SEGMENT_ID_COMMAND]: (uri?: unknown, range?: unknown, id?: unknown) => replaceSegmentId(workspaces, settings, uri, range, id),
    };
    for (const [id, run] of Object.entries(commands)) this._register(vscode.commands.registerCommand(id, run));
  }
}

export function activate(context: vscode.ExtensionContext): BrazeSegmentsApi | undefined {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const extension = new BrazeSegments(context);
  context.subscriptions.push(extension);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const { workspaces, panels, segmentsTree, keys, log, statusBar, settings, codeIndex, problems, referencesView, inlineNames } = extension;
  return { workspaces, panels, segmentsTree, keys, log, statusBar, settings, codeIndex, problems, referencesView, inlineNames, logUri: context.logUri };
}

// Everything is disposed through context.subscriptions (the clients close their HTTP pools).
export function deactivate(): void {}
