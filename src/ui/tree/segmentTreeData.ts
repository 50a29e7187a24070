// The Segments view's data: every segment of every workspace, from each workspace's SegmentCatalog.
// With one workspace its rows are the view's, exactly as before there were several; with several,
// each workspace has a row of its own and its rows beneath it. The empty and failed states of a lone
// workspace are the view's welcome content, chosen by the `braze.segments.state` context key.
import * as vscode from 'vscode';
import { Disposable } from '../../common/lifecycle';
import type { Workspace } from '../../segments/workspace';
import { groupKey, type SegmentNode } from './segmentNodes';
import { groupItem, noticeItem, segmentItem, workspaceItem } from './treeItems';
import { arrangeWorkspace, stateOf, type EmptyState, type TreeOptions, type WorkspaceRows } from './workspaceRows';

export type { SegmentNode } from './segmentNodes';
export { segmentIdFrom, segmentTargetFrom, workspaceNameFrom } from './segmentNodes';
export type { EmptyState, TreeOptions } from './workspaceRows';

/** The part of Workspaces the tree reads. */
export interface TreeWorkspaces {
  readonly all: readonly Workspace[];
  /** The active folder's workspace (or the first): its row opens expanded. */
  current(): Workspace | undefined;
}

type WorkspaceNode = Extract<SegmentNode, { kind: 'workspace' }>;

interface Drawn {
  readonly workspace: Workspace;
  readonly rows: WorkspaceRows;
}

export class SegmentTreeData extends Disposable implements vscode.TreeDataProvider<SegmentNode> {
  private readonly changed = this._register(new vscode.EventEmitter<SegmentNode | SegmentNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Each workspace's rows as last drawn, in the user's order, by name. */
  private drawn = new Map<string, Drawn>();
  private roots: SegmentNode[] = [];
  private nested = false;
  /** One row object per workspace, kept: VS Code redraws a row only when given the object it knows. */
  private readonly workspaceNodes = new Map<string, WorkspaceNode>();

  constructor(
    private readonly workspaces: TreeWorkspaces,
    private readonly options: () => TreeOptions,
  ) {
    super();
  }

  /**
   * Rebuilds the rows from the catalogs and the view options, and tells the tree only what changed:
   * every re-render replaces the rows' click commands, so a needless one can swallow a click that
   * lands during it, and it makes the view flicker. A page arriving in Staging leaves Production's
   * rows alone.
   */
  refresh(): void {
    const options = this.options();
    const list = this.workspaces.all;
    const nested = list.length > 1;
    const previous = this.drawn;
    this.drawn = new Map(list.map((workspace) => [workspace.name, { workspace, rows: arrangeWorkspace(workspace, options, nested) }]));
    for (const name of this.workspaceNodes.keys()) if (!this.drawn.has(name)) this.workspaceNodes.delete(name);
    const sameLayout = nested === this.nested && sameNames(previous, this.drawn);
    this.nested = nested;
    if (!nested) {
      const roots = list.length ? this.rowsOf(list[0].name) : [];
      if (sameLayout && sameRows(roots, this.roots)) return;
      this.roots = roots;
      this.changed.fire(undefined);
      return;
    }
    this.roots = list.map((workspace) => this.workspaceNode(workspace.name));
    if (!sameLayout) {
      this.changed.fire(undefined);
      return;
    }
    const redrawn = list.filter((workspace) => !sameDrawn(previous.get(workspace.name), this.drawn.get(workspace.name))).map((workspace) => this.workspaceNode(workspace.name));
    if (redrawn.length) this.changed.fire(redrawn);
  }

  /** How many segments the view shows (those matching the filter), across workspaces. */
  get visibleCount(): number {
    return this.sum((rows) => rows.shown);
  }

  /** How many segments are loaded, across workspaces. */
  get totalCount(): number {
    return this.sum((rows) => rows.total);
  }

  /** Whether every list with rows has been read to the end. */
  get complete(): boolean {
    return [...this.drawn.values()].every(({ rows }) => !rows.total || rows.complete);
  }

  getChildren(node?: SegmentNode): SegmentNode[] {
    if (!node) return this.roots;
    if (node.kind === 'workspace') return this.rowsOf(node.workspace);
    if (node.kind !== 'group') return [];
    const group = groupKey(node.tag);
    return node.segments.map((segment) => ({ kind: 'segment', workspace: node.workspace, segment, group }));
  }

  /** For `reveal`: a segment's tag group, a row's workspace row (with several), or none. */
  getParent(node: SegmentNode): SegmentNode | undefined {
    if (node.kind === 'workspace') return undefined;
    if (node.kind === 'segment' && node.group !== undefined) {
      const group = this.rowsOf(node.workspace).find((row) => row.kind === 'group' && groupKey(row.tag) === node.group);
      if (group) return group;
    }
    return this.nested && this.drawn.has(node.workspace) ? this.workspaceNode(node.workspace) : undefined;
  }

  getTreeItem(node: SegmentNode): vscode.TreeItem {
    switch (node.kind) {
      case 'workspace': {
        const drawn = this.drawn.get(node.workspace);
        if (!drawn) return new vscode.TreeItem(node.workspace, vscode.TreeItemCollapsibleState.None);
        const { workspace, rows } = drawn;
        const expanded = this.workspaces.current()?.name === workspace.name;
        return workspaceItem(node, { instance: workspace.instance, endpoint: workspace.endpoint, rows, expanded });
      }
      case 'notice':
        return noticeItem(node);
      case 'group':
        return groupItem(node);
      case 'segment':
        return segmentItem(node);
    }
  }

  /** Which welcome content to show, when there are no rows. */
  async emptyState(): Promise<EmptyState> {
    if (this.roots.length) return 'rows';
    const list = this.workspaces.all;
    if (!list.length) return 'noEndpoint';
    // Several always have rows (their own): only a lone workspace gets here.
    const workspace = list[0];
    await workspace.hasKey();
    return stateOf(workspace.keyState, workspace.catalog.state, this.options().filter, 0);
  }

  private rowsOf(name: string): SegmentNode[] {
    return this.drawn.get(name)?.rows.rows ?? [];
  }

  private workspaceNode(name: string): WorkspaceNode {
    let node = this.workspaceNodes.get(name);
    if (!node) this.workspaceNodes.set(name, (node = { kind: 'workspace', workspace: name }));
    return node;
  }

  private sum(count: (rows: WorkspaceRows) => number): number {
    let total = 0;
    for (const { rows } of this.drawn.values()) total += count(rows);
    return total;
  }
}

function sameNames(a: ReadonlyMap<string, Drawn>, b: ReadonlyMap<string, Drawn>): boolean {
  const names = [...b.keys()];
  return a.size === b.size && [...a.keys()].every((name, i) => name === names[i]);
}

/** A workspace's row and its rows read the same as before (the same Workspace, the same words). */
function sameDrawn(a: Drawn | undefined, b: Drawn | undefined): boolean {
  if (!a || !b) return a === b;
  const { rows: x } = a;
  const { rows: y } = b;
  return a.workspace === b.workspace && x.state === y.state && x.description === y.description && x.sentence === y.sentence && sameRows(x.rows, y.rows);
}

/** The catalog reuses a row's object until the row changes, so identity says "unchanged". */
function sameRows(a: readonly SegmentNode[], b: readonly SegmentNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((node, i) => {
    const other = b[i];
    if (node.workspace !== other.workspace) return false;
    switch (node.kind) {
      case 'notice':
        return other.kind === 'notice' && node.label === other.label && node.detail === other.detail && node.action === other.action;
      case 'segment':
        return other.kind === 'segment' && node.segment === other.segment;
      case 'group':
        return other.kind === 'group' && node.tag === other.tag && node.segments.length === other.segments.length && node.segments.every((s, j) => s === other.segments[j]);
      case 'workspace':
        return other.kind === 'workspace';
    }
  });
}
