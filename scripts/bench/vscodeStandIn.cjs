// A small stand-in for the `vscode` module, enough for the bundle's activate() to run in plain Node
// (scripts/bench/activation.ts). What activation touches is real enough to do its work: settings
// answer with package.json's defaults (plus the user values given), events are real emitters,
// registrations return disposables, globalState is a Memento over the entries given. Anything not
// modelled here answers with a tolerant stand-in and is counted in `standIn.unmodelled`, which the
// bench prints, so a stand-in that stopped being faithful shows.
'use strict';
/* global require, module */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require('node:path');

function createVscode({ packageJson, userSettings = {}, secrets = {} }) {
  const unmodelled = new Set();
  const disposable = () => ({ dispose() {} });

  class EventEmitter {
    constructor() {
      this.listeners = new Set();
      this.event = (listener, thisArg) => {
        const bound = thisArg ? listener.bind(thisArg) : listener;
        this.listeners.add(bound);
        return { dispose: () => this.listeners.delete(bound) };
      };
    }
    fire(value) {
      for (const listener of [...this.listeners]) listener(value);
    }
    dispose() {
      this.listeners.clear();
    }
  }
  const noEvent = () => disposable();

  class Uri {
    constructor(scheme, fsPath) {
      this.scheme = scheme;
      this.path = fsPath;
      this.fsPath = fsPath;
    }
    static file(p) {
      return new Uri('file', p);
    }
    static parse(text) {
      const match = /^([a-z][\w+.-]*):(.*)$/i.exec(text);
      return match ? new Uri(match[1], match[2]) : new Uri('file', text);
    }
    static joinPath(base, ...parts) {
      return new Uri(base.scheme, path.posix.join(base.path, ...parts));
    }
    with(change) {
      return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
    }
    toString() {
      return `${this.scheme}://${this.path}`;
    }
  }

  // Every contributed setting with its package.json default; `http.*` with VS Code's own defaults.
  const defaults = { 'http.proxy': '', 'http.proxyAuthorization': null, 'http.noProxy': [], 'http.proxySupport': 'override', 'http.proxyStrictSSL': true, 'http.systemCertificates': true };
  const contributed = [].concat(packageJson.contributes.configuration);
  for (const block of contributed) for (const [key, schema] of Object.entries(block.properties ?? {})) defaults[key] = schema.default;
  const configChanged = new EventEmitter();
  const getConfiguration = (section) => {
    const full = (key) => (section ? `${section}.${key}` : key);
    return {
      get: (key, fallback) => {
        const k = full(key);
        if (k in userSettings) return userSettings[k];
        return k in defaults && defaults[k] !== undefined ? defaults[k] : fallback;
      },
      has: (key) => full(key) in defaults || full(key) in userSettings,
      inspect: (key) => ({ key: full(key), defaultValue: defaults[full(key)], globalValue: userSettings[full(key)] }),
      update: async () => undefined,
    };
  };

  const logChannel = (name) => ({ name, logLevel: 2, onDidChangeLogLevel: noEvent, trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} });
  const statusBarItem = () => ({ text: '', tooltip: undefined, command: undefined, name: undefined, backgroundColor: undefined, show() {}, hide() {}, dispose() {} });
  const treeView = () => ({ visible: false, selection: [], message: undefined, title: undefined, description: undefined, badge: undefined, onDidChangeVisibility: noEvent, onDidChangeSelection: noEvent, onDidExpandElement: noEvent, onDidCollapseElement: noEvent, onDidChangeCheckboxState: noEvent, reveal: async () => undefined, dispose() {} });
  const registered = { commands: 0, providers: 0 };
  const register = (kind) => () => {
    registered[kind]++;
    return disposable();
  };

  const enumOf = (...names) => Object.fromEntries(names.map((name, index) => [name, index]));
  class Stand {
    constructor(...args) {
      this.args = args;
    }
  }

  const known = {
    version: '1.96.0',
    EventEmitter,
    Uri,
    Disposable: class {
      constructor(callOnDispose) {
        this.dispose = callOnDispose;
      }
      static from(...items) {
        return { dispose: () => items.forEach((item) => item.dispose()) };
      }
    },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: enumOf('None', 'Collapsed', 'Expanded'),
    DiagnosticSeverity: enumOf('Error', 'Warning', 'Information', 'Hint'),
    DocumentHighlightKind: enumOf('Text', 'Read', 'Write'),
    CompletionItemKind: new Proxy({}, { get: () => 0 }),
    CompletionTriggerKind: enumOf('Invoke', 'TriggerCharacter', 'TriggerForIncompleteCompletions'),
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    CodeActionKind: { QuickFix: { value: 'quickfix', append: () => ({}) }, Empty: { value: '' } },
    ThemeIcon: Stand,
    ThemeColor: Stand,
    MarkdownString: Stand,
    TreeItem: Stand,
    Range: Stand,
    Position: Stand,
    Selection: Stand,
    Location: Stand,
    Hover: Stand,
    Diagnostic: Stand,
    CodeAction: Stand,
    CompletionItem: Stand,
    CompletionList: Stand,
    InlayHint: Stand,
    InlayHintLabelPart: Stand,
    DocumentHighlight: Stand,
    RelativePattern: Stand,
    WorkspaceEdit: Stand,
    CancellationTokenSource: class {
      constructor() {
        this.token = { isCancellationRequested: false, onCancellationRequested: noEvent };
      }
      cancel() {}
      dispose() {}
    },
    TabInputText: Stand,
    TabInputTextDiff: Stand,
    TabInputNotebook: Stand,
    window: {
      activeTextEditor: undefined,
      visibleTextEditors: [],
      tabGroups: { all: [], activeTabGroup: { tabs: [] }, onDidChangeTabs: noEvent, onDidChangeTabGroups: noEvent },
      onDidChangeActiveTextEditor: noEvent,
      onDidChangeVisibleTextEditors: noEvent,
      onDidChangeTextEditorSelection: noEvent,
      onDidChangeWindowState: noEvent,
      state: { focused: true },
      createOutputChannel: (name) => logChannel(name),
      createStatusBarItem: statusBarItem,
      createTreeView: treeView,
      registerTreeDataProvider: register('providers'),
      registerWebviewPanelSerializer: register('providers'),
      registerUriHandler: register('providers'),
      setStatusBarMessage: disposable,
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
    },
    languages: {
      registerHoverProvider: register('providers'),
      registerInlayHintsProvider: register('providers'),
      registerCompletionItemProvider: register('providers'),
      registerReferenceProvider: register('providers'),
      registerDocumentHighlightProvider: register('providers'),
      registerCodeActionsProvider: register('providers'),
      createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, forEach() {}, get: () => undefined, has: () => false, dispose() {} }),
      onDidChangeDiagnostics: noEvent,
    },
    commands: {
      registerCommand: register('commands'),
      executeCommand: async () => undefined,
    },
    workspace: {
      workspaceFolders: undefined,
      workspaceFile: undefined,
      textDocuments: [],
      isTrusted: true,
      getConfiguration,
      getWorkspaceFolder: () => undefined,
      asRelativePath: (p) => String(p),
      onDidChangeConfiguration: configChanged.event,
      onDidChangeWorkspaceFolders: noEvent,
      onDidOpenTextDocument: noEvent,
      onDidCloseTextDocument: noEvent,
      onDidChangeTextDocument: noEvent,
      onDidSaveTextDocument: noEvent,
      onDidCreateFiles: noEvent,
      onDidDeleteFiles: noEvent,
      onDidRenameFiles: noEvent,
      onDidGrantWorkspaceTrust: noEvent,
      createFileSystemWatcher: () => ({ onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose() {} }),
      findFiles: async () => [],
      fs: { readFile: async () => new Uint8Array(), stat: async () => ({ type: 1, size: 0 }), readDirectory: async () => [] },
    },
    env: { appName: 'Visual Studio Code', appHost: 'desktop', appRoot: '/', language: 'en', uiKind: 1, clipboard: { readText: async () => '', writeText: async () => undefined }, openExternal: async () => true },
    l10n: { t: (message, ...args) => (typeof message === 'string' ? message.replace(/\{(\d+)\}/g, (_, i) => String(args[i])) : message.message) },
  };

  // Whatever the bundle reaches for that is not modelled: a tolerant stand-in, counted.
  const tolerant = (name) =>
    new Proxy(function () {}, {
      get: (target, key) => (key === 'prototype' ? target.prototype : key === Symbol.toPrimitive ? () => name : tolerant(`${name}.${String(key)}`)),
      apply: () => (unmodelled.add(name), disposable()),
      construct: () => (unmodelled.add(name), {}),
    });
  const namespace = (object, name) =>
    new Proxy(object, {
      get: (target, key) => {
        if (key in target || typeof key === 'symbol' || key === '__esModule' || key === 'then') return target[key];
        unmodelled.add(`${name}.${key}`);
        return tolerant(`${name}.${key}`);
      },
    });
  const vscode = namespace(
    Object.fromEntries(Object.entries(known).map(([key, value]) => [key, ['window', 'languages', 'commands', 'workspace', 'env'].includes(key) ? namespace(value, key) : value])),
    'vscode',
  );

  const secretsChanged = new EventEmitter();
  const secretStorage = {
    get: async (key) => secrets[key],
    store: async (key, value) => void (secrets[key] = value),
    delete: async (key) => void delete secrets[key],
    onDidChange: secretsChanged.event,
  };
  return { vscode, unmodelled, registered, secretStorage, Uri, EventEmitter };
}

/** A Memento over `values` (globalState). */
function memento(values) {
  const map = new Map(Object.entries(values));
  return {
    keys: () => [...map.keys()],
    get: (key, fallback) => (map.has(key) ? map.get(key) : fallback),
    update: async (key, value) => void (value === undefined ? map.delete(key) : map.set(key, value)),
    setKeysForSync() {},
  };
}

module.exports = { createVscode, memento };
