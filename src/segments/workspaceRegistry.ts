// The user's Braze workspaces, in their order, as live Workspace objects. The UI hands it the
// configured list whenever settings or keys change; a workspace whose name, endpoint and key slot are
// unchanged keeps its object (and its cache, its list, its open panels); one that is gone is disposed.
import { Emitter, type Event } from '../common/events';
import { Disposable } from '../common/lifecycle';
import type { Workspace, WorkspaceConfig } from './workspace';

export class WorkspaceRegistry extends Disposable {
  private list: readonly Workspace[] = [];
  private readonly changed = this._register(new Emitter<void>());
  private readonly anyChanged = this._register(new Emitter<Workspace>());
  private readonly anyHealthChanged = this._register(new Emitter<Workspace>());
  private readonly segmentsChanged = this._register(new Emitter<{ workspace: Workspace; ids?: readonly string[] }>());

  /** Workspaces were added, removed or reordered. */
  readonly onDidChange: Event<void> = this.changed.event;
  /** One workspace's key was set or removed (its data was dropped). */
  readonly onDidChangeWorkspace: Event<Workspace> = this.anyChanged.event;
  /** One workspace's rate limit or last outcome changed. */
  readonly onDidChangeHealth: Event<Workspace> = this.anyHealthChanged.event;
  /** What one workspace knows of some segments changed (`ids`; undefined: everything was dropped). */
  readonly onDidChangeSegments: Event<{ workspace: Workspace; ids?: readonly string[] }> = this.segmentsChanged.event;

  constructor(private readonly create: (config: WorkspaceConfig) => Workspace) {
    super();
    this._register({ dispose: () => this.list.forEach((workspace) => workspace.dispose()) });
  }

  get all(): readonly Workspace[] {
    return this.list;
  }

  /** True when there is more than one: the surfaces name the workspace a segment belongs to. */
  get several(): boolean {
    return this.list.length > 1;
  }

  get(name: string): Workspace | undefined {
    return this.list.find((workspace) => workspace.name === name);
  }

  /** Every workspace, `preferred` (a name) first, the others in the user's order. */
  ordered(preferred?: string): Workspace[] {
    const first = preferred === undefined ? undefined : this.get(preferred);
    return first ? [first, ...this.list.filter((workspace) => workspace !== first)] : [...this.list];
  }

  /** Takes the configured list; returns whether anything changed. */
  update(configs: readonly WorkspaceConfig[]): boolean {
    if (this.isDisposed) return false; // a late settings event: nothing would dispose what it made
    const kept = new Map(this.list.map((workspace) => [identity(workspace), workspace]));
    const next = configs.map((config) => {
      const existing = kept.get(identity(config));
      if (existing) {
        kept.delete(identity(config));
        return existing;
      }
      const workspace = this.create(config);
      workspace.onDidChange(() => this.anyChanged.fire(workspace));
      workspace.onDidChangeHealth(() => this.anyHealthChanged.fire(workspace));
      workspace.service.onDidChange(({ ids }) => this.segmentsChanged.fire({ workspace, ids }));
      return workspace;
    });
    const same = next.length === this.list.length && next.every((workspace, i) => workspace === this.list[i]);
    this.list = next;
    for (const gone of kept.values()) gone.dispose();
    if (!same) this.changed.fire();
    return !same;
  }
}

/** A workspace is the same one while its name, endpoint and key slot are: a change of any is another. */
function identity(config: WorkspaceConfig): string {
  return JSON.stringify([config.name, config.endpoint, config.keyId]);
}
