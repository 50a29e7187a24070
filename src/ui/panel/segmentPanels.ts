// One detail panel per (workspace, segment id): opening one that is already open reveals it. An id
// opened without its workspace goes to the workspace that knows it: one that has it cached or listed
// (no request), else the first whose details say so; when none does, the panel says which were asked.
// Panels follow the user's workspaces: one whose workspace is removed closes.
import * as vscode from 'vscode';
import type { BrazeError } from '../../braze/errors';
import { Disposable, toDisposable } from '../../common/lifecycle';
import { forIconLabel } from '../../segments/inertText';
import { panelTitle } from '../../segments/panelSegment';
import type { Workspace } from '../../segments/workspace';
import { SegmentPanel, type SegmentPanelDeps } from './segmentPanel';
import { type SavedPanel, readSavedPanel } from './savedPanel';

export const SEGMENT_PANEL_VIEW_TYPE = 'braze.segmentDetails';

export interface ShowOptions {
  /** The workspace the id belongs to (a hover link, a tree row): opened there without asking around. */
  workspace?: string;
  /** Ask Braze again even when the cache is fresh. */
  refresh?: boolean;
  /** The workspace the code targets (`braze.workspace`): asked first when the id must be found. */
  preferred?: string;
}

/** Where a panel opens, and the failure of the search that chose it (shown instead of asking again). */
interface Placement {
  workspace: Workspace | undefined;
  failure?: BrazeError;
}

export class SegmentPanels extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, SegmentPanel>();
  /** The workspaces as they were at the last change: a panel of the only one follows its replacement. */
  private previous: readonly Workspace[];

  constructor(private readonly deps: SegmentPanelDeps) {
    super();
    this.previous = deps.workspaces.all;
    this._register(deps.workspaces.onDidChange(() => this.workspacesChanged()));
    this._register(toDisposable(() => [...this.panels.values()].forEach((panel) => panel.dispose())));
  }

  /** The panel of `id` in the workspace named `workspace`, or (without a name) in any workspace. */
  get(id: string, workspace?: string): SegmentPanel | undefined {
    if (workspace !== undefined) return this.panels.get(panelKey(workspace, id));
    return [...this.panels.values()].find((panel) => panel.segmentId === id);
  }

  /**
   * Opens (or reveals, in the column it is in) the panel of `id` and starts loading it; `loaded`
   * settles when it shows the outcome. Resolves once the panel is open: after the search across
   * workspaces when the id's workspace had to be found.
   */
  async show(id: string, options: ShowOptions = {}): Promise<{ panel: SegmentPanel; loaded: Promise<void> }> {
    const { workspace, failure } = await this.place(id, options);
    // The workspaces changed while they were being asked, and this one went: find the id again.
    if (workspace && !this.deps.workspaces.all.includes(workspace)) return this.show(id, options);
    const key = panelKey(workspace?.name, id);
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else panel = this.open(id, workspace);
    if (failure) {
      panel.showFailure(failure);
      return { panel, loaded: Promise.resolve() };
    }
    return { panel, loaded: panel.load(options.refresh ?? false) };
  }

  /** Restores a panel after a window reload, into the workspace its saved state names. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = readSavedPanel(state);
    const target = saved && this.restoreInto(saved);
    if (!saved || !target || this.panels.has(panelKey(target.workspace?.name, saved.id))) {
      webviewPanel.dispose();
      return;
    }
    void this.adopt(webviewPanel, saved.id, target.workspace).load(false);
  }

  /** The workspace a saved panel comes back in; undefined when that workspace was removed meanwhile. */
  private restoreInto(saved: SavedPanel): { workspace: Workspace | undefined } | undefined {
    const { workspaces } = this.deps;
    if (saved.workspace !== undefined) {
      const workspace = workspaces.get(saved.workspace);
      return workspace && { workspace };
    }
    // Saved before panels had a workspace: the one that knows the id without asking, or the first.
    return { workspace: workspaces.resolver.known(saved.id) ?? workspaces.all[0] };
  }

  /** Which workspace `id` opens in; asks the workspaces only when several might have it and none is known to. */
  private async place(id: string, { workspace, preferred }: ShowOptions): Promise<Placement> {
    const { workspaces } = this.deps;
    // A name that is no longer one of the workspaces (a stale link) is searched like no name at all.
    const named = workspace === undefined ? undefined : workspaces.get(workspace);
    if (named) return { workspace: named };
    const known = workspaces.resolver.known(id, preferred);
    if (known || !workspaces.several) return { workspace: known };
    const resolution = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding segment {0} in your Braze workspaces…', forIconLabel(id)) }, () =>
      workspaces.resolver.resolve(id, { preferred }),
    );
    const fallback = (preferred === undefined ? undefined : workspaces.get(preferred)) ?? workspaces.all[0];
    switch (resolution.kind) {
      case 'found':
        return { workspace: resolution.workspace };
      case 'not-found':
        // Every workspace asked remembers its "no such segment": the panel reads it and names them.
        return { workspace: resolution.asked[0] ?? fallback };
      case 'failed': {
        // No key or no workspace costs no request: the panel finds that out again by itself.
        const asked = resolution.error.kind !== 'no-key' && resolution.error.kind !== 'no-endpoint';
        return { workspace: resolution.workspace ?? fallback, failure: asked ? resolution.error : undefined };
      }
    }
  }

  private open(id: string, workspace: Workspace | undefined): SegmentPanel {
    const cached = workspace?.service.peek(id);
    const webviewPanel = vscode.window.createWebviewPanel(
      SEGMENT_PANEL_VIEW_TYPE,
      panelTitle(cached?.kind === 'found' ? cached.details : undefined, id),
      // Beside the code the id came from, so both stay in view. With no text editor active (opened
      // from another panel, or with no file open) it takes the active group instead.
      { viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: false },
    );
    return this.adopt(webviewPanel, id, workspace);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, id: string, workspace: Workspace | undefined): SegmentPanel {
    const panel = new SegmentPanel(webviewPanel, id, workspace, this.deps);
    this.panels.set(panelKey(workspace?.name, id), panel);
    panel.onDidDispose(() => {
      const key = panelKey(panel.workspace?.name, id);
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }

  /** Workspaces were added, removed or replaced: each panel stays, moves to its successor, or closes. */
  private workspacesChanged(): void {
    const { all } = this.deps.workspaces;
    const previous = this.previous;
    this.previous = all;
    for (const panel of [...this.panels.values()]) {
      const current = panel.workspace;
      if (current && all.includes(current)) panel.workspacesChanged();
      else if (!current) this.move(panel, all.length ? (this.deps.workspaces.resolver.known(panel.segmentId) ?? all[0]) : undefined);
      else {
        const next = this.successor(current, previous);
        if (next === 'closed') panel.dispose();
        else this.move(panel, next);
      }
    }
  }

  /**
   * Where a panel goes when its workspace is gone: to the workspace of the same name (its endpoint
   * was edited), or, for a user who had one workspace and has at most one now (Select REST Endpoint
   * switched it, or the setting was cleared), to that one, as a single-endpoint panel always did.
   * Otherwise the workspace was removed, and so is its panel.
   */
  private successor(gone: Workspace, previous: readonly Workspace[]): Workspace | undefined | 'closed' {
    const { workspaces } = this.deps;
    const sameName = workspaces.get(gone.name);
    if (sameName) return sameName;
    if (previous.length === 1 && workspaces.all.length <= 1) return workspaces.all[0];
    return 'closed';
  }

  private move(panel: SegmentPanel, workspace: Workspace | undefined): void {
    if (panel.workspace === workspace) {
      panel.workspacesChanged();
      return;
    }
    const from = panelKey(panel.workspace?.name, panel.segmentId);
    const to = panelKey(workspace?.name, panel.segmentId);
    // The id is already open there: one panel per (workspace, id).
    if (from !== to && this.panels.has(to)) {
      panel.dispose();
      return;
    }
    this.panels.delete(from);
    this.panels.set(to, panel);
    void panel.moveTo(workspace);
  }
}

/** Workspace names have no control characters, so a newline cannot occur inside either part. */
function panelKey(workspace: string | undefined, id: string): string {
  return `${workspace ?? ''}\n${id}`;
}
