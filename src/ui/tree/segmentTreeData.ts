// The Segments view: every segment of the workspace, from the SegmentCatalog. The tree only maps the
// catalog (filtered, sorted, grouped by the pure catalogView functions) to tree items; the empty and
// failed states are the view's welcome content, chosen by the `braze.segments.state` context key.
import * as vscode from 'vscode';
import type { SegmentSummary } from '../../braze/model';
import { arrangeSegments, displayName, groupByTag, type SegmentSort } from '../../segments/catalogView';
import { MAX_LIST_PAGES, type SegmentCatalog } from '../../segments/segmentCatalog';
import type { BrazeError } from '../../braze/errors';
import { normalizeSegmentId } from '../../braze/segmentId';
import { describeError } from '../../segments/errorText';
import { formatRelative } from '../../segments/format';
import { forPlainText } from '../../segments/inertText';
import type { Connection } from '../connection';
import { COMMANDS } from '../commandIds';

export type SegmentNode =
  | { kind: 'segment'; segment: SegmentSummary; group?: string }
  | { kind: 'group'; tag: string | undefined; segments: SegmentSummary[] }
  /** The first row when the rows shown are not the whole truth: a load failed or stopped early. */
  | { kind: 'notice'; label: string; detail: string; retry: boolean };

/**
 * What the view shows when it has no rows; package.json's viewsWelcome keys on these values. A
 * failure has one state per cause, so that the welcome text can say what happened and its buttons
 * (Retry, Show Log) show: VS Code hides welcome content whenever the view has a message.
 */
export type EmptyState =
  | 'noEndpoint'
  | 'noKey'
  | 'noListPermission'
  | 'invalidKey'
  | 'offline'
  | 'rateLimited'
  | 'serverError'
  | 'failed'
  | 'loading'
  | 'empty'
  | 'noMatch'
  | 'rows';

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
    const rows: SegmentNode[] = grouped
      ? groupByTag(arranged).map((group) => ({ kind: 'group', tag: group.tag, segments: group.segments }))
      : arranged.map((segment) => ({ kind: 'segment', segment }));
    const notice = rows.length ? this.notice() : undefined;
    const roots = notice ? [notice, ...rows] : rows;
    if (sameRows(roots, this.roots)) return;
    this.roots = roots;
    this.parents.clear();
    this.changed.fire(undefined);
  }

  /** How many segment rows the view shows (for its title). */
  get visibleCount(): number {
    return this.roots.reduce((sum, node) => sum + (node.kind === 'group' ? node.segments.length : node.kind === 'segment' ? 1 : 0), 0);
  }

  getChildren(node?: SegmentNode): SegmentNode[] {
    if (!node) return this.roots;
    if (node.kind !== 'group') return [];
    const children: SegmentNode[] = node.segments.map((segment) => ({ kind: 'segment', segment, group: node.tag ?? '' }));
    for (const child of children) if (child.kind === 'segment') this.parents.set(nodeId(child), node);
    return children;
  }

  getParent(node: SegmentNode): SegmentNode | undefined {
    return node.kind === 'segment' && node.group !== undefined ? this.parents.get(nodeId(node)) : undefined;
  }

  getTreeItem(node: SegmentNode): vscode.TreeItem {
    if (node.kind === 'notice') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = 'notice';
      item.description = node.retry ? 'Retry' : undefined;
      item.tooltip = node.detail;
      item.iconPath = new vscode.ThemeIcon(node.retry ? 'warning' : 'info');
      item.contextValue = node.retry ? 'brazeFailure' : 'brazeNotice';
      if (node.retry) item.command = { command: COMMANDS.refreshSegments, title: 'Retry' };
      item.accessibilityInformation = { label: `${node.label}. ${node.detail}` };
      return item;
    }
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
    if (error && error.kind !== 'aborted') return failureState(error);
    if (segments.length && this.options().filter) return 'noMatch';
    return complete ? 'empty' : 'loading';
  }

  /**
   * The notice row above the rows, when they are not the whole truth: which rows these are, why the
   * load stopped, and (for a failure) that a click retries.
   */
  private notice(): SegmentNode | undefined {
    const { error, segments, stopped, previousRows, loadedAt } = this.catalog.state;
    const count = segments.length.toLocaleString('en');
    if (error && error.kind !== 'aborted') {
      const reason = describeError(error, this.connection.instance).message;
      const which = previousRows
        ? `Showing the ${count} segments loaded ${loadedAt ? formatRelative(new Date(loadedAt)) : 'before'}.`
        : `Showing the first ${count} segments: the rest did not load.`;
      return { kind: 'notice', label: previousRows ? 'Refresh failed' : 'Loading stopped', detail: `${reason} ${which}`, retry: true };
    }
    if (stopped === 'repeated-page') {
      return { kind: 'notice', label: `${count} segments: Braze repeated a page`, detail: `Showing ${count} segments: Braze sent the same page again, so loading stopped there.`, retry: false };
    }
    if (stopped === 'page-cap') {
      return {
        kind: 'notice',
        label: `First ${count} segments`,
        detail: `Showing the first ${count} segments: the view reads at most ${MAX_LIST_PAGES.toLocaleString('en')} pages. Use Look Up Segment for the others.`,
        retry: false,
      };
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Which welcome content a failed first load shows: each names its cause and offers Retry. */
function failureState(error: BrazeError): EmptyState {
  switch (error.kind) {
    case 'missing-permission':
      return 'noListPermission';
    case 'invalid-key':
      return 'invalidKey';
    case 'network':
    case 'timeout':
    case 'not-sent':
    case 'proxy':
    case 'certificate':
      return 'offline';
    case 'rate-limited':
      return 'rateLimited';
    case 'server':
    case 'invalid-response':
    case 'too-large':
      return 'serverError';
    default:
      return 'failed';
  }
}

/** The catalog reuses a row's object until the row changes, so identity says "unchanged". */
function sameRows(a: readonly SegmentNode[], b: readonly SegmentNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((node, i) => {
    const other = b[i];
    if (node.kind === 'notice') return other.kind === 'notice' && node.label === other.label && node.detail === other.detail;
    if (node.kind === 'segment') return other.kind === 'segment' && node.segment === other.segment;
    return other.kind === 'group' && node.tag === other.tag && node.segments.length === other.segments.length && node.segments.every((s, j) => s === other.segments[j]);
  });
}

function nodeId(node: SegmentNode): string {
  if (node.kind === 'notice') return 'notice';
  if (node.kind === 'group') return `tag:${node.tag ?? ''}`;
  return node.group === undefined ? node.segment.id : `tag:${node.group}/${node.segment.id}`;
}

/** A segment id from a command argument: a tree node, an id, or nothing. */
export function segmentIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return normalizeSegmentId(arg) || undefined;
  const node = arg as SegmentNode | undefined;
  return node?.kind === 'segment' ? node.segment.id : undefined;
}
