// The user's Braze workspaces, from settings and SecretStorage: `braze.restEndpoint` (the one-workspace
// setup) and `braze.workspaces`, user values only, and one key per workspace. It keeps the
// WorkspaceRegistry in step with both, says what it could not use, and answers which workspace a
// folder's code targets (`braze.workspace`: a folder can only choose among the user's workspaces).
import * as vscode from 'vscode';
import type { BrazeError } from '../braze/errors';
import { checkEndpoint } from '../braze/instances';
import { Emitter, type Event } from '../common/events';
import { Disposable } from '../common/lifecycle';
import { SegmentResolver } from '../segments/segmentResolver';
import { Workspace } from '../segments/workspace';
import { readWorkspaceConfigs } from '../segments/workspaceConfigs';
import { WorkspaceRegistry } from '../segments/workspaceRegistry';
import type { ApiKeyStore } from './apiKeyStore';
import type { BrazeClients } from './brazeClients';
import { FolderSettingsAudit } from './folderSettingsAudit';
import type { BrazeLog } from './log';
import { SETTING, type Settings } from './settings';

/** Where the `braze.restEndpoint` workspace's snapshot has always been kept. */
const SNAPSHOT_KEY = 'braze.segmentCache';

export interface WorkspacesDeps {
  settings: Settings;
  keys: ApiKeyStore;
  clients: BrazeClients;
  log: BrazeLog;
  /** globalState: the snapshot of fetched details of each workspace. */
  memento: vscode.Memento;
  onInternalError(error: BrazeError): void;
}

export class Workspaces extends Disposable {
  readonly registry: WorkspaceRegistry;
  readonly resolver: SegmentResolver;
  private configProblems: readonly string[] = [];
  private unusableEndpoint: string | undefined;
  /** Problems already written to the log: each is said once, not on every redraw. */
  private readonly logged = new Set<string>();
  private readonly problemsChanged = this._register(new Emitter<void>());
  /** What a repository's settings files tried to set that only the user may. */
  readonly audit = this._register(new FolderSettingsAudit());

  /** Workspaces were added, removed or reordered. */
  readonly onDidChange: Event<void>;
  /** A workspace's key was set or removed. */
  readonly onDidChangeWorkspace: Event<Workspace>;
  readonly onDidChangeHealth: Event<Workspace>;
  /** What one workspace knows of some segments changed: names beside ids, problems and views redraw. */
  readonly onDidChangeSegments: Event<{ workspace: Workspace; ids?: readonly string[] }>;
  /** What `problems()` says changed. */
  readonly onDidChangeProblems: Event<void> = this.problemsChanged.event;

  constructor(private readonly deps: WorkspacesDeps) {
    super();
    const { settings, keys, clients, memento, onInternalError } = deps;
    this.registry = this._register(
      new WorkspaceRegistry(
        (config) =>
          new Workspace(config, {
            readKey: (keyId) => keys.get(keyId),
            createClient: (endpoint, key, hooks) => clients.create(endpoint, key, settings.requestTimeoutMs, hooks),
            timeoutMs: () => settings.requestTimeoutMs,
            ttlMs: settings.cacheTtlMs,
            onInternalError,
            snapshots: snapshotStore(memento, snapshotKey(config.keyId, config.endpoint)),
          }),
      ),
    );
    this.resolver = new SegmentResolver(this.registry);
    this.onDidChange = this.registry.onDidChange;
    this.onDidChangeWorkspace = this.registry.onDidChangeWorkspace;
    this.onDidChangeHealth = this.registry.onDidChangeHealth;
    this.onDidChangeSegments = this.registry.onDidChangeSegments;
    this._register(this.problemsChanged.event(() => this.logProblems()));
    this.reload();
    this._register(
      settings.onDidChange((change) => {
        if (change.affects(SETTING.restEndpoint) || change.affects(SETTING.workspaces)) this.reload();
        else if (change.affects(SETTING.workspace)) this.problemsChanged.fire();
      }),
    );
    this._register(
      keys.onDidChange((keyId) => {
        for (const workspace of this.registry.all) if (workspace.keyId === keyId) void workspace.keyChanged();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.problemsChanged.fire()));
    this._register(this.audit.onDidChange(() => this.problemsChanged.fire()));
  }

  get all(): readonly Workspace[] {
    return this.registry.all;
  }

  get several(): boolean {
    return this.registry.several;
  }

  get(name: string): Workspace | undefined {
    return this.registry.get(name);
  }

  /**
   * The name of the workspace the code at `uri` targets: its folder's `braze.workspace` when that names
   * one of the user's workspaces, else undefined (every workspace in the user's order).
   */
  preferredFor(uri: vscode.Uri | undefined): string | undefined {
    const name = this.deps.settings.workspaceFor(uri);
    return name !== undefined && this.registry.get(name) ? name : undefined;
  }

  /** The workspace the active editor's folder targets, or the first one. */
  current(): Workspace | undefined {
    const preferred = this.preferredFor(vscode.window.activeTextEditor?.document.uri);
    return (preferred !== undefined ? this.registry.get(preferred) : undefined) ?? this.registry.all[0];
  }

  /**
   * Why part of the configuration is not used, in words: unusable entries, and user-only settings a
   * workspace's .vscode/settings.json tried to set, or a `braze.workspace` naming no workspace of yours.
   */
  problems(): string[] {
    const { settings } = this.deps;
    const names = this.registry.all.map((workspace) => workspace.name);
    const folderProblems = settings.folderWorkspaces().flatMap(({ folder, name }) =>
      this.registry.get(name)
        ? []
        : [
            folder
              ? vscode.l10n.t('The folder {0} sets braze.workspace to "{1}", which is not one of your Braze workspaces ({2}): every workspace is asked instead. Add it with Braze: Add Workspace…, or correct the name.', folder, name, names.length ? names.join(', ') : vscode.l10n.t('none yet'))
              : vscode.l10n.t('This .code-workspace file sets braze.workspace to "{0}", which is not one of your Braze workspaces ({1}): every workspace is asked instead. Add it with Braze: Add Workspace…, or correct the name.', name, names.length ? names.join(', ') : vscode.l10n.t('none yet')),
          ],
    );
    const ignored = this.audit.ignored.map(
      ({ key, folder }) =>
        folder
          ? vscode.l10n.t('The .vscode/settings.json of {0} sets {1}, which only your user settings can set (so that no repository can send your API key elsewhere): it is ignored.', folder, key)
          : vscode.l10n.t('This .code-workspace file sets {0}, which only your user settings can set (so that no repository can send your API key elsewhere): it is ignored.', key),
    );
    return [...this.configProblems, ...folderProblems, ...ignored];
  }

  /** Why `braze.restEndpoint` is set but cannot be used (one of `problems()`), if it is. */
  get endpointProblem(): string | undefined {
    return this.unusableEndpoint;
  }

  /** Adds a workspace to `braze.workspaces` (the caller checked the name). */
  async add(name: string, endpoint: string): Promise<void> {
    const entries = this.entries();
    await this.deps.settings.writeWorkspaceEntries([...entries, { name, restEndpoint: endpoint }]);
    this.reload();
  }

  /** Removes a workspace from settings, with its key and its saved snapshot. */
  async remove(workspace: Workspace): Promise<void> {
    const { settings, keys, memento } = this.deps;
    // The braze.restEndpoint workspace is the one whose key slot is its endpoint.
    if (workspace.keyId === workspace.endpoint) await settings.writeRestEndpoint(undefined);
    else await settings.writeWorkspaceEntries(this.entries().filter((entry) => !(entry.name.trim() === workspace.name && sameEndpoint(entry.restEndpoint, workspace.endpoint))));
    await keys.delete(workspace.keyId);
    await memento.update(snapshotKey(workspace.keyId, workspace.endpoint), undefined);
    this.reload();
  }

  /** The endpoints of the workspaces that have a stored key: those a request could be sent to. */
  async endpointsWithKeys(): Promise<string[]> {
    const workspaces = this.registry.all;
    const keys = await Promise.all(workspaces.map((workspace) => workspace.hasKey().catch(() => false)));
    return workspaces.filter((_, index) => keys[index]).map((workspace) => workspace.endpoint);
  }

  /** The names already used, for a new workspace's name check. */
  get names(): string[] {
    return this.registry.all.map((workspace) => workspace.name);
  }

  /** Re-reads the settings at once, after this window wrote them (VS Code's event follows). */
  sync(): void {
    this.reload();
  }

  private reload(): void {
    const { settings } = this.deps;
    const { configs, problems, endpointProblem } = readWorkspaceConfigs(settings.restEndpoint, settings.workspaceEntries);
    this.configProblems = problems;
    this.unusableEndpoint = endpointProblem;
    this.registry.update(configs);
    this.problemsChanged.fire();
  }

  /** Writes each problem to the log the first time it is seen. */
  private logProblems(): void {
    for (const problem of this.problems()) {
      if (this.logged.has(problem)) continue;
      this.logged.add(problem);
      this.deps.log.warn(problem);
    }
  }

  private entries(): Array<{ name: string; restEndpoint: string }> {
    const raw = this.deps.settings.workspaceEntries;
    return Array.isArray(raw)
      ? raw.filter((entry): entry is { name: string; restEndpoint: string } => typeof entry === 'object' && entry !== null && typeof entry.name === 'string' && typeof entry.restEndpoint === 'string')
      : [];
  }
}

function sameEndpoint(written: string, endpoint: string): boolean {
  const check = checkEndpoint(written);
  return check.ok && check.endpoint === endpoint;
}

/** The `braze.restEndpoint` workspace keeps the snapshot key it always had; the others have their own. */
function snapshotKey(keyId: string, endpoint: string): string {
  return keyId === endpoint ? SNAPSHOT_KEY : `${SNAPSHOT_KEY}:${keyId}`;
}

function snapshotStore(memento: vscode.Memento, key: string) {
  return { read: () => memento.get(key), write: (snapshot: unknown) => memento.update(key, snapshot) };
}
