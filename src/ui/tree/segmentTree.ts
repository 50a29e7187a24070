// The Segments view: every segment of the workspace, from the SegmentCatalog. The tree only maps the
// catalog (filtered, sorted, grouped by the pure catalogView functions) to tree items; the empty and
// failed states are the view's welcome content, chosen by the `braze.segments.state` context key.
import * as vscode from 'vscode';
import type { SegmentSummary } from '../../braze/model';
import { arrangeSegments, displayName, groupByTag, type SegmentSort } from '../../segments/catalogView';
import { MAX_LIST_PAGES, type SegmentCatalog } from '../../segments/segmentCatalog';
import { describeError } from '../../segments/errorText';
import { forPlainText } from '../../segments/inertText';
import type { Connection } from '../connection';
import { COMMANDS } from '../commandIds';

export type SegmentNode =
  | { kind: 'segment'; segment: SegmentSummary; group?: string }
  | { kind: 'group'; tag: string | undefined; segments: SegmentSummary[] };

/** What the view shows when it has no rows; package.json's viewsWelcome keys on these values. */
export type EmptyState = 'noEndpoint' | 'noKey' | 'noListPermission' | 'invalidKey' | 'failed' | 'loading' | 'empty' | 'noMatch' | 'rows';

export interface TreeOptions {
  filter?: string;
  groupByTag: boolean;
  sort: SegmentSort;
}

export class SegmentTreeProvider implements vscode.TreeDataProvider<SegmentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SegmentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: SegmentNode[] = [];
  private readonly parents = new Map<string, SegmentNode>();

  constructor(
    private readonly catalog: SegmentCatalog,
    private readonly connection: Connection,
    private readonly options: () => TreeOptions,
  ) {}

  /**
   * Rebuilds the rows from the catalog and the view options, and tells the tree only when they
   * changed: every re-render replaces the rows' click commands, so a needless one can swallow a click
   * that lands during it, and it makes the view flicker.
   */
  refresh(): void {
    const { filter, groupByTag: grouped, sort } = this.options();
    const arranged = arrangeSegments(this.catalog.state.segments, { filter, sort });
    const roots: SegmentNode[] = grouped
      ? groupByTag(arranged).map((group) => ({ kind: 'group', tag: group.tag, segments: group.segments }))
      : arranged.map((segment) => ({ kind: 'segment', segment }));
    if (sameRows(roots, this.roots)) return;
    this.roots = roots;
    this.parents.clear();
    this.changed.fire(undefined);
  }

  /** How many segment rows the view shows (for its title). */
  get visibleCount(): number {
    return this.roots.reduce((sum, node) => sum + (node.kind === 'group' ? node.segments.length : 1), 0);
  }

  getChildren(node?: SegmentNode): SegmentNode[] {
    if (!node) return this.roots;
    if (node.kind === 'segment') return [];
    const children: SegmentNode[] = node.segments.map((segment) => ({ kind: 'segment', segment, group: node.tag ?? '' }));
    for (const child of children) if (child.kind === 'segment') this.parents.set(nodeId(child), node);
    return children;
  }

  getParent(node: SegmentNode): SegmentNode | undefined {
    return node.kind === 'segment' && node.group !== undefined ? this.parents.get(nodeId(node)) : undefined;
  }

  getTreeItem(node: SegmentNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.tag === undefined ? 'Untagged' : forPlainText(node.tag), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = nodeId(node);
      item.description = `${node.segments.length}`;
      item.iconPath = new vscode.ThemeIcon(node.tag === undefined ? 'circle-slash' : 'tag');
      item.contextValue = 'brazeTag';
      return item;
    }
    const { segment } = node;
    // Tree labels, descriptions and plain string tooltips render text as it is (never Markdown, never
    // `$(icon)`s): only what is never shown goes.
    const name = forPlainText(displayName(segment));
    const tags = forPlainText(segment.tags.join(', '));
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = nodeId(node);
    item.description = tags;
    item.tooltip = [
      name,
      `Id: ${segment.id}`,
      `Tags: ${segment.tags.length ? `${tags}${segment.tagsOmitted ? ` and ${segment.tagsOmitted.toLocaleString('en')} more` : ''}` : 'none'}`,
      `Analytics tracking: ${segment.analyticsTrackingEnabled === undefined ? 'unknown' : segment.analyticsTrackingEnabled ? 'on' : 'off'}`,
    ].join('\n');
    item.iconPath = new vscode.ThemeIcon(segment.analyticsTrackingEnabled ? 'graph-line' : 'organization');
    item.contextValue = 'brazeSegment';
    item.command = { command: COMMANDS.openSegment, title: 'Open Details', arguments: [segment.id] };
    item.accessibilityInformation = { label: `${name}, segment${segment.tags.length ? `, tags ${tags}` : ''}` };
    return item;
  }

  /** Which welcome content to show, when there are no rows. */
  async emptyState(): Promise<EmptyState> {
    if (this.roots.length) return 'rows';
    const { error, loading, segments, complete } = this.catalog.state;
    if (!this.connection.endpoint) return 'noEndpoint';
    if (!(await this.connection.hasKey())) return 'noKey';
    if (loading) return 'loading';
    if (error?.kind === 'missing-permission') return 'noListPermission';
    if (error?.kind === 'invalid-key') return 'invalidKey';
    if (error) return 'failed';
    if (segments.length && this.options().filter) return 'noMatch';
    return complete ? 'empty' : 'loading';
  }

  /** The view's message line: why loading failed or stopped early, when the welcome content cannot say it. */
  failureMessage(): string | undefined {
    const { error, segments, stopped } = this.catalog.state;
    if (stopped === 'repeated-page') {
      return `Showing ${segments.length.toLocaleString('en')} segments: Braze sent the same page again, so loading stopped there.`;
    }
    if (stopped === 'page-cap') {
      return `Showing the first ${segments.length.toLocaleString('en')} segments: the view reads at most ${MAX_LIST_PAGES.toLocaleString('en')} pages. Use Look Up Segment for the others.`;
    }
    if (!error || error.kind === 'aborted') return undefined;
    const reason = describeError(error, this.connection.instance).message;
    if (segments.length) return `Showing ${segments.length} segments; loading the rest failed. ${reason}`;
    return error.kind === 'missing-permission' || error.kind === 'invalid-key' ? undefined : reason;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The catalog reuses a row's object until the row changes, so identity says "unchanged". */
function sameRows(a: readonly SegmentNode[], b: readonly SegmentNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((node, i) => {
    const other = b[i];
    if (node.kind === 'segment') return other.kind === 'segment' && node.segment === other.segment;
    return other.kind === 'group' && node.tag === other.tag && node.segments.length === other.segments.length && node.segments.every((s, j) => s === other.segments[j]);
  });
}

function nodeId(node: SegmentNode): string {
  if (node.kind === 'group') return `tag:${node.tag ?? ''}`;
  return node.group === undefined ? node.segment.id : `tag:${node.group}/${node.segment.id}`;
}

/** A segment id from a command argument: a tree node, an id, or nothing. */
export function segmentIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as SegmentNode | undefined;
  return node?.kind === 'segment' ? node.segment.id : undefined;
}
