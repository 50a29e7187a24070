// The Segments view's data: every segment of every workspace, from each workspace's SegmentCatalog.
// With one workspace its rows are the view's, exactly as before there were several; with several,
// each workspace has a row of its own and its rows beneath it. The empty and failed states of a lone
// workspace are the view's welcome content, chosen by the `braze.segments.state` context key.
import * as vscode from 'vscode';
import { Disposable } from '../../common/lifecycle';
import type { Workspace } from '../../segments/workspace';
import type { SegmentSummary } from '../../braze/model';
import { ListArranger } from '../../segments/catalogArrangement';
import { listKey, pageOf, type RowPage } from './rowPages';
import { groupKey, type SegmentNode } from './segmentNodes';
import { groupItem, moreItem, noticeItem, segmentItem, workspaceItem } from './treeItems';
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
type GroupNode = Extract<SegmentNode, { kind: 'group' }>;
type MoreNode = Extract<SegmentNode, { kind: 'more' }>;

/** One list of rows as drawn: its first rows (and its "Show more" row), and how many it has. */
interface DrawnList {
  readonly rows: SegmentNode[];
  readonly page: RowPage;
}

interface DrawnGroup extends DrawnList {
  readonly node: GroupNode;
  /** Its segments (all of them), to tell whether it changed. */
  readonly segments: readonly SegmentSummary[];
}

interface Drawn {
  readonly workspace: Workspace;
  readonly rows: WorkspaceRows;
  /** The workspace's own rows: the view's with one workspace, its row's children with several. */
  readonly top: DrawnList;
  /** Its tag groups' rows, by group key, when grouped. */
  readonly groups: ReadonlyMap<string, DrawnGroup>;
}

export class SegmentTreeData extends Disposable implements vscode.TreeDataProvider<SegmentNode> {
  private readonly changed = this._register(new vscode.EventEmitter<SegmentNode | SegmentNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Each workspace's rows as last drawn, in the user's order, by name. */
  private drawn = new Map<string, Drawn>();
  private roots: SegmentNode[] = [];
  private nested = false;
  /**
   * The rows that stand for something that changes (a workspace, a tag group, a "Show more" row), one
   * object each, kept: VS Code redraws a row only when given the object it knows, and reads the
   * row's current words from the tree.
   */
  private readonly stableNodes = new Map<string, SegmentNode>();
  /** Each workspace's arrangement, remembered between redraws (a redraw with nothing new costs nothing). */
  private readonly arrangers = new WeakMap<Workspace, ListArranger>();

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
   * rows alone; a page that only adds to the count of a long list redraws its "Show more" row alone.
   */
  refresh(): void {
    const options = this.options();
    const list = this.workspaces.all;
    const nested = list.length > 1;
    const previous = this.drawn;
    this.drawn = new Map(
      list.map((workspace) => {
        const rows = arrangeWorkspace(workspace, options, nested, this.arrangerOf(workspace));
        return [workspace.name, this.drawWorkspace(workspace, rows, options, previous.get(workspace.name))];
      }),
    );
    for (const [key, node] of this.stableNodes) if (!this.drawn.has(node.workspace)) this.stableNodes.delete(key);
    const sameLayout = nested === this.nested && sameNames(previous, this.drawn);
    this.nested = nested;
    if (!nested) {
      const roots = list.length ? this.drawn.get(list[0].name)!.top.rows : [];
      const rootsChanged = !sameLayout || !sameNodes(roots, this.roots);
      this.roots = roots;
      if (rootsChanged) this.changed.fire(undefined);
      else this.fireChanged(list.length ? changedWithin(previous.get(list[0].name), this.drawn.get(list[0].name)!) : []);
      return;
    }
    this.roots = list.map((workspace) => this.workspaceNode(workspace.name));
    if (!sameLayout) {
      this.changed.fire(undefined);
      return;
    }
    const redrawn: SegmentNode[] = [];
    for (const workspace of list) {
      const before = previous.get(workspace.name);
      const now = this.drawn.get(workspace.name)!;
      if (!before || !sameWorkspaceRow(before, now) || !sameNodes(before.top.rows, now.top.rows)) redrawn.push(this.workspaceNode(workspace.name));
      else redrawn.push(...changedWithin(before, now));
    }
    this.fireChanged(redrawn);
  }

  /** How many segments the view shows (those matching the filter), across workspaces. */
  get visibleCount(): number {
    return this.sum((rows) => rows.shown);
  }

  /** How many segments are loaded, across workspaces. */
  get totalCount(): number {
    return this.sum((rows) => rows.total);
  }

  /**
   * How far the lone workspace's list has loaded ("page 3 of ~12"), while it loads: the view's
   * description says it. With several, each workspace's row says its own.
   */
  get progress(): string | undefined {
    if (this.nested) return undefined;
    const [only] = this.drawn.values();
    return only?.rows.progress;
  }

  /** Whether every list with rows has been read to the end. */
  get complete(): boolean {
    return [...this.drawn.values()].every(({ rows }) => !rows.total || rows.complete);
  }

  getChildren(node?: SegmentNode): SegmentNode[] {
    if (!node) return this.roots;
    if (node.kind === 'workspace') return this.drawn.get(node.workspace)?.top.rows ?? [];
    if (node.kind !== 'group') return [];
    return this.drawn.get(node.workspace)?.groups.get(groupKey(node.tag))?.rows ?? [];
  }

  /** For `reveal`: a segment's tag group (or a group's "Show more" row's), a row's workspace row (with several), or none. */
  getParent(node: SegmentNode): SegmentNode | undefined {
    if (node.kind === 'workspace') return undefined;
    const group = node.kind === 'segment' || node.kind === 'more' ? node.group : undefined;
    if (group !== undefined) {
      const drawn = this.drawn.get(node.workspace)?.groups.get(group);
      if (drawn) return drawn.node;
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
        return groupItem(node, this.drawn.get(node.workspace)?.groups.get(groupKey(node.tag))?.segments.length ?? 0);
      case 'more':
        return moreItem(node, this.pageOf(node) ?? { shown: 0, total: 0 });
      case 'segment':
        return segmentItem(node);
    }
  }

  /**
   * Where the row of segment `id` of `workspace` is, as last drawn: the row itself, or the lists that
   * must show more rows for it to be drawn (by `listKey`, with how many rows each must show: a tag
   * group past the first groups, a segment past the first rows of its list). Undefined when no list
   * has it (not listed, or the filter hides it). Grouped, a segment with several tags is found in
   * its first group.
   */
  locate(workspace: string, id: string): { node: SegmentNode } | { grow: Array<{ list: string; rows: number }> } | undefined {
    const drawn = this.drawn.get(workspace);
    if (!drawn) return undefined;
    const rowOf = (rows: readonly SegmentNode[]) => rows.find((row) => row.kind === 'segment' && row.segment.id === id);
    if (!drawn.rows.groups) {
      const index = drawn.rows.segments.findIndex((segment) => segment.id === id);
      if (index < 0) return undefined;
      const node = rowOf(drawn.top.rows);
      return node ? { node } : { grow: [{ list: listKey(workspace, undefined), rows: index + 1 }] };
    }
    let position = 0;
    for (const group of drawn.rows.groups) {
      const index = group.segments.findIndex((segment) => segment.id === id);
      if (index >= 0) {
        const key = groupKey(group.tag);
        const node = rowOf(drawn.groups.get(key)?.rows ?? []);
        const grow: Array<{ list: string; rows: number }> = [];
        if (position >= drawn.top.page.shown) grow.push({ list: listKey(workspace, undefined), rows: position + 1 });
        if (!node) grow.push({ list: listKey(workspace, key), rows: index + 1 });
        return node && !grow.length ? { node } : { grow };
      }
      position++;
    }
    return undefined;
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

  private pageOf(node: MoreNode): RowPage | undefined {
    const drawn = this.drawn.get(node.workspace);
    return node.group === undefined ? drawn?.top.page : drawn?.groups.get(node.group)?.page;
  }

  private arrangerOf(workspace: Workspace): ListArranger {
    let arranger = this.arrangers.get(workspace);
    if (!arranger) this.arrangers.set(workspace, (arranger = new ListArranger()));
    return arranger;
  }

  /** A workspace's rows: each list's first rows, the objects of rows drawn before kept. */
  private drawWorkspace(workspace: Workspace, rows: WorkspaceRows, options: TreeOptions, before: Drawn | undefined): Drawn {
    const name = workspace.name;
    const limit = (group: string | undefined) => options.limit?.(listKey(name, group));
    const groups = new Map<string, DrawnGroup>();
    let top: DrawnList;
    if (rows.groups) {
      for (const group of rows.groups) {
        const key = groupKey(group.tag);
        const node = this.stable<GroupNode>(`${listKey(name, key)}
group`, () => ({ kind: 'group', workspace: name, tag: group.tag }));
        const old = before?.groups.get(key);
        const list = old?.segments === group.segments && old.page.shown === pageOf(group.segments.length, limit(key)).shown ? old : this.segmentList(name, key, group.segments, limit(key), old?.rows);
        groups.set(key, { ...list, node, segments: group.segments });
      }
      const groupNodes = [...groups.values()].map((group) => group.node);
      top = this.pageList(name, undefined, reuseNotices(rows.lead, before?.top.rows), groupNodes, limit(undefined));
    } else {
      top = this.segmentList(name, undefined, rows.segments, limit(undefined), before?.top.rows, rows.lead);
    }
    return { workspace, rows, top, groups };
  }

  /** The first rows of `segments` as segment rows (old row objects reused), after `lead`. */
  private segmentList(workspace: string, group: string | undefined, segments: readonly SegmentSummary[], limit: number | undefined, old: readonly SegmentNode[] | undefined, lead: SegmentNode[] = []): DrawnList {
    const page = pageOf(segments.length, limit);
    const known = new Map<SegmentSummary, SegmentNode>();
    for (const row of old ?? []) if (row.kind === 'segment') known.set(row.segment, row);
    const rows: SegmentNode[] = [];
    for (let i = 0; i < page.shown; i++) {
      const segment = segments[i];
      rows.push(known.get(segment) ?? { kind: 'segment', workspace, segment, group });
    }
    return this.pageList(workspace, group, reuseNotices(lead, old), rows, limit, page);
  }

  /** `lead`, then the first rows of `rows` (all of them if `page` says so), then a "Show more" row if some are left. */
  private pageList(workspace: string, group: string | undefined, lead: SegmentNode[], rows: SegmentNode[], limit: number | undefined, page = pageOf(rows.length, limit)): DrawnList {
    const shown = rows.length > page.shown ? rows.slice(0, page.shown) : rows;
    const more = page.shown < page.total ? [this.stable<MoreNode>(`${listKey(workspace, group)}
more`, () => ({ kind: 'more', workspace, group }))] : [];
    return { rows: [...lead, ...shown, ...more], page };
  }

  private stable<T extends SegmentNode>(key: string, make: () => T): T {
    let node = this.stableNodes.get(key);
    if (!node) this.stableNodes.set(key, (node = make()));
    return node as T;
  }

  private workspaceNode(name: string): WorkspaceNode {
    return this.stable<WorkspaceNode>(listKey(name, undefined), () => ({ kind: 'workspace', workspace: name }));
  }

  private fireChanged(nodes: SegmentNode[]): void {
    if (nodes.length) this.changed.fire(nodes);
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

/** A workspace's own row reads the same as before (the same Workspace, the same words). */
function sameWorkspaceRow(a: Drawn, b: Drawn): boolean {
  const { rows: x } = a;
  const { rows: y } = b;
  return a.workspace === b.workspace && x.state === y.state && x.description === y.description && x.sentence === y.sentence;
}

/**
 * Within a workspace whose own rows are the same objects: the rows to redraw, each a tag group whose
 * rows or count changed, or a "Show more" row whose count did (its list's rows unchanged).
 */
function changedWithin(before: Drawn | undefined, now: Drawn): SegmentNode[] {
  if (!before) return [];
  const changed: SegmentNode[] = [];
  const more = (list: DrawnList) => list.rows.filter((row) => row.kind === 'more');
  if (!samePage(before.top.page, now.top.page)) changed.push(...more(now.top));
  for (const [key, group] of now.groups) {
    const old = before.groups.get(key);
    if (!old || old.segments.length !== group.segments.length || !sameNodes(old.rows, group.rows)) changed.push(group.node);
  }
  return changed;
}

function samePage(a: RowPage, b: RowPage): boolean {
  return a.shown === b.shown && a.total === b.total;
}

/** The rows are the same objects (rows are reused while they read the same). */
function sameNodes(a: readonly SegmentNode[], b: readonly SegmentNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

/** The notice rows of `lead`, as the objects drawn before where they read the same. */
function reuseNotices(lead: SegmentNode[], old: readonly SegmentNode[] | undefined): SegmentNode[] {
  if (!old?.length || !lead.length) return lead;
  return lead.map((row) => {
    if (row.kind !== 'notice') return row;
    const same = old.find((o) => o.kind === 'notice' && o.label === row.label && o.detail === row.detail && o.action === row.action && o.icon === row.icon);
    return same ?? row;
  });
}
