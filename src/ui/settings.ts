// The extension's settings as one owned object (after rust-analyzer's Config): typed getters, values
// read on first use and kept until VS Code says they changed, every `braze.*` key spelled here and
// nowhere else. Owned by activate(), like everything with state.
import * as vscode from 'vscode';
import type { SortDirection } from '../braze/model';
import type { SegmentSort } from '../segments/catalogArrangement';
import { Emitter, type Event } from '../common/events';
import { Disposable } from '../common/lifecycle';

export type SegmentOrder = 'newest' | 'oldest' | 'name';

/** Every setting the extension reads, by its key under `braze.`. */
export const SETTING = {
  restEndpoint: 'restEndpoint',
  workspaces: 'workspaces',
  workspace: 'workspace',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  cacheMinutes: 'cache.minutes',
  cacheTtlMinutes: 'cache.ttlMinutes',
  sortOrder: 'segments.sortOrder',
  groupByTag: 'segments.groupByTag',
  hoverEnabled: 'hover.enabled',
  inlineNamesEnabled: 'inlineNames.enabled',
} as const;

export type SettingKey = (typeof SETTING)[keyof typeof SETTING];

/** Which settings a change touched. */
export interface SettingsChange {
  affects(key: SettingKey): boolean;
  /** The full keys (`braze.cache.minutes`) of every Braze setting that changed. */
  readonly changed: readonly string[];
}

export class Settings extends Disposable {
  private readonly cache = new Map<string, unknown>();
  private readonly changed = this._register(new Emitter<SettingsChange>());

  readonly onDidChange: Event<SettingsChange> = this.changed.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('braze')) return;
        this.cache.clear();
        const keys = leafKeys(section());
        const changed = keys.filter((key) => event.affectsConfiguration(`braze.${key}`)).map((key) => `braze.${key}`);
        this.changed.fire({ affects: (key) => event.affectsConfiguration(`braze.${key}`), changed });
      }),
    );
  }

  /**
   * `braze.restEndpoint`, user value only: the setting is application-scoped so that a workspace's
   * .vscode/settings.json cannot redirect the key, and this read enforces it even on hosts that don't.
   */
  get restEndpoint(): string {
    return this.remember(SETTING.restEndpoint, () => section().inspect<string>(SETTING.restEndpoint)?.globalValue?.trim() ?? '');
  }

  /** `braze.workspaces`, user value only (for the same reason), as written: readWorkspaceConfigs checks it. */
  get workspaceEntries(): unknown {
    return this.remember(SETTING.workspaces, () => section().inspect<unknown>(SETTING.workspaces)?.globalValue);
  }

  /**
   * `braze.workspace` for the folder of `uri` (or the window): the name of one of the user's workspaces
   * this code targets. A folder may set it: it can only choose among workspaces the user has.
   */
  workspaceFor(uri: vscode.Uri | undefined): string | undefined {
    const value = vscode.workspace.getConfiguration('braze', uri ?? null).get<unknown>(SETTING.workspace);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  /** Every folder's `braze.workspace` that is set, to check them against the user's workspaces. */
  folderWorkspaces(): Array<{ folder: string | undefined; name: string }> {
    const named: Array<{ folder: string | undefined; name: string }> = [];
    // In a window of one folder, the workspace's value is that folder's: only a .code-workspace has its own.
    const inspected = section().inspect<unknown>(SETTING.workspace);
    if (vscode.workspace.workspaceFile && typeof inspected?.workspaceValue === 'string' && inspected.workspaceValue.trim()) {
      named.push({ folder: undefined, name: inspected.workspaceValue.trim() });
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const value = vscode.workspace.getConfiguration('braze', folder.uri).inspect<unknown>(SETTING.workspace)?.workspaceFolderValue;
      if (typeof value === 'string' && value.trim()) named.push({ folder: folder.name, name: value.trim() });
    }
    return named;
  }

  get requestTimeoutMs(): number {
    return this.remember(SETTING.requestTimeoutSeconds, () => clamp(section().get<number>(SETTING.requestTimeoutSeconds, 10), 1, 120) * 1000);
  }

  /** How long fetched details count as fresh. Read on every cache lookup, so kept. */
  readonly cacheTtlMs = (): number =>
    this.remember(SETTING.cacheMinutes, () => {
      // braze.cache.minutes was braze.cache.ttlMinutes (shown as "Ttl Minutes"): the old key still
      // counts while the new one is not set anywhere.
      const config = section();
      const renamed = config.inspect<number>(SETTING.cacheMinutes);
      const isSet = [renamed?.globalValue, renamed?.workspaceValue, renamed?.workspaceFolderValue].some((value) => value !== undefined);
      const minutes = isSet ? config.get<number>(SETTING.cacheMinutes, 10) : config.get<number>(SETTING.cacheTtlMinutes, 10);
      return clamp(minutes, 0, 1440) * 60_000;
    });

  /** Read on every hover, so kept. */
  readonly hoverEnabled = (): boolean => this.remember(SETTING.hoverEnabled, () => section().get<boolean>(SETTING.hoverEnabled, true));

  /** `braze.inlineNames.enabled`: a segment's name beside its id. Read on every inlay hint request, so kept. */
  readonly inlineNamesEnabled = (): boolean => this.remember(SETTING.inlineNamesEnabled, () => section().get<boolean>(SETTING.inlineNamesEnabled, true));

  get segmentOrder(): SegmentOrder {
    return this.remember(SETTING.sortOrder, () => {
      const value = section().get<string>(SETTING.sortOrder, 'newest');
      return value === 'oldest' || value === 'name' ? value : 'newest';
    });
  }

  /** The order the list endpoint is read in: oldest first for "oldest", newest first otherwise. */
  get listDirection(): SortDirection {
    return this.segmentOrder === 'oldest' ? 'asc' : 'desc';
  }

  /** How the view sorts the rows it has: by name, or as Braze listed them. */
  get treeSort(): SegmentSort {
    return this.segmentOrder === 'name' ? 'name' : 'braze';
  }

  get groupByTag(): boolean {
    return this.remember(SETTING.groupByTag, () => section().get<boolean>(SETTING.groupByTag, false));
  }

  async writeRestEndpoint(endpoint: string | undefined): Promise<void> {
    await this.write(SETTING.restEndpoint, endpoint);
  }

  async writeWorkspaceEntries(entries: ReadonlyArray<{ name: string; restEndpoint: string }> | undefined): Promise<void> {
    await this.write(SETTING.workspaces, entries?.length ? entries.map(({ name, restEndpoint }) => ({ name, restEndpoint })) : undefined);
  }

  async writeSegmentOrder(order: SegmentOrder): Promise<void> {
    await this.write(SETTING.sortOrder, order);
  }

  async writeGroupByTag(grouped: boolean): Promise<void> {
    await this.write(SETTING.groupByTag, grouped);
  }

  /** Writes the user's own value (these are never a folder's business) and forgets the kept one. */
  private async write(key: SettingKey, value: unknown): Promise<void> {
    await section().update(key, value, vscode.ConfigurationTarget.Global);
    this.cache.delete(key);
  }

  private remember<T>(key: string, read: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = read();
    this.cache.set(key, value);
    return value;
  }
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('braze');
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** `{ cache: { minutes: 10 } }` as `['cache.minutes']`: the leaf settings of a section. */
function leafKeys(config: vscode.WorkspaceConfiguration): string[] {
  const leaves: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (prefix) leaves.push(prefix);
  };
  walk(JSON.parse(JSON.stringify(config)) as unknown, '');
  return leaves;
}
