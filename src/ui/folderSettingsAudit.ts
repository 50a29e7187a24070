// Which user-only Braze settings a repository tried to set. VS Code drops application-scoped values
// (`braze.restEndpoint`, `braze.workspaces`) from a workspace's settings without a word, so the
// configuration API cannot tell that a `.vscode/settings.json` (or a `.code-workspace` file) tried to
// add an endpoint or a workspace. This reads those files themselves (JSON with comments, through
// jsonc-parser, which VS Code's own settings files use), watches them, and says what it found.
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { Emitter, type Event } from '../common/events';
import { Disposable, disposableTimeout } from '../common/lifecycle';
import { SETTING } from './settings';

/** A user-only setting a repository's settings file sets: never used, and said so. */
export interface IgnoredValue {
  /** The full key, e.g. `braze.workspaces`. */
  key: string;
  /** The folder whose `.vscode/settings.json` sets it; undefined for the `.code-workspace` file. */
  folder?: string;
}

const USER_ONLY = [`braze.${SETTING.restEndpoint}`, `braze.${SETTING.workspaces}`];

/** The most a settings file may weigh before it is not read (a settings file is a few KB). */
const MAX_SETTINGS_BYTES = 1_000_000;

export class FolderSettingsAudit extends Disposable {
  private found: readonly IgnoredValue[] = [];
  private reading: Promise<void> | undefined;
  private readonly changed = this._register(new Emitter<void>());

  /** What `ignored` says changed. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor() {
    super();
    const reread = () => void this.read();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json'));
    this._register(watcher.onDidCreate(reread));
    this._register(watcher.onDidChange(reread));
    this._register(watcher.onDidDelete(reread));
    // Saved in an editor of this window: the watcher may be slower (or absent on a remote file system).
    this._register(vscode.workspace.onDidSaveTextDocument((document) => isSettingsFile(document.uri) && reread()));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('braze') && reread()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(reread));
    // The first read starts just after activation, not in it.
    this._register(disposableTimeout(reread, 0));
  }

  /** What the last read found (empty until it finished). */
  get ignored(): readonly IgnoredValue[] {
    return this.found;
  }

  /** Reads every settings file of the window again; resolves when `ignored` is up to date. */
  read(): Promise<void> {
    const run = this.readAll().then((found) => {
      if (this.isDisposed || this.reading !== run) return;
      const same = JSON.stringify(found) === JSON.stringify(this.found);
      this.found = found;
      if (!same) this.changed.fire();
    });
    this.reading = run;
    return run;
  }

  private async readAll(): Promise<IgnoredValue[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const perFolder = await Promise.all(
      folders.map(async (folder) => (await keysSetIn(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'))).map((key) => ({ key, folder: folder.name }))),
    );
    const file = vscode.workspace.workspaceFile;
    const inWorkspaceFile = file && file.scheme !== 'untitled' ? (await keysSetIn(file, 'settings')).map((key) => ({ key })) : [];
    return [...inWorkspaceFile, ...perFolder.flat()];
  }
}

/** The user-only keys a settings file sets (under `section` for a .code-workspace file); [] if unreadable. */
async function keysSetIn(uri: vscode.Uri, section?: string): Promise<string[]> {
  let text: string;
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.byteLength > MAX_SETTINGS_BYTES) return [];
    text = new TextDecoder().decode(bytes);
  } catch {
    return []; // no such file: nothing set
  }
  const parsed: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  const settings = section ? (parsed as Record<string, unknown> | undefined)?.[section] : parsed;
  if (typeof settings !== 'object' || settings === null) return [];
  return USER_ONLY.filter((key) => Object.hasOwn(settings, key));
}

function isSettingsFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith('/.vscode/settings.json') || vscode.workspace.workspaceFile?.toString() === uri.toString();
}
