// How each row of the Segments view looks: label, description, tooltip, icon, the command a click
// runs and the contextValue its menus key on. Tree labels, descriptions and plain string tooltips
// render text as it is (never Markdown, never `$(icon)`s): text from Braze and from settings goes
// through forPlainText, which only drops what is never shown.
import * as vscode from 'vscode';
import { displayName } from '../../segments/catalogArrangement';
import { forPlainText } from '../../segments/inertText';
import { COMMANDS } from '../commandIds';
import { moreRowText, type RowPage } from './rowPages';
import { nodeId, type NoticeAction, type SegmentNode } from './segmentNodes';
import { hasFailed, type WorkspaceRows, type WorkspaceState } from './workspaceRows';

type NodeOf<K extends SegmentNode['kind']> = Extract<SegmentNode, { kind: K }>;

/** What a workspace's row shows besides its name. */
export interface WorkspaceRowInfo {
  readonly instance: string;
  readonly endpoint: string;
  readonly rows: WorkspaceRows;
  /** The active folder's workspace opens expanded; VS Code remembers what the user did after that. */
  readonly expanded: boolean;
}

const WORKSPACE_ICONS: Record<WorkspaceState, string> = {
  rows: 'server-environment',
  empty: 'server-environment',
  noMatch: 'server-environment',
  loading: 'loading~spin',
  noKey: 'key',
  noListPermission: 'lock',
  invalidKey: 'error',
  offline: 'warning',
  rateLimited: 'warning',
  serverError: 'warning',
  failed: 'warning',
};

export function workspaceItem(node: NodeOf<'workspace'>, info: WorkspaceRowInfo): vscode.TreeItem {
  const name = forPlainText(node.workspace);
  const item = new vscode.TreeItem(name, info.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  const { rows } = info;
  const failed = hasFailed(rows);
  item.id = nodeId(node);
  item.description = rows.description;
  item.tooltip = [name, `${forPlainText(info.instance)} · ${forPlainText(info.endpoint)}`, forPlainText(rows.sentence)].join('\n');
  item.iconPath = new vscode.ThemeIcon(failed && rows.state === 'rows' ? 'warning' : WORKSPACE_ICONS[rows.state]);
  // Menus: Set API Key inline on a workspace without one, Retry inline on a failed one.
  item.contextValue = rows.state === 'noKey' ? 'brazeWorkspaceNoKey' : failed ? 'brazeWorkspaceFailed' : 'brazeWorkspace';
  item.accessibilityInformation = { label: vscode.l10n.t({ message: '{0}, Braze workspace, {1}', args: [name, rows.description], comment: ['Screen reader: a workspace row, its name and state ("2 segments · loading page 3 of ~12…")'] }) };
  return item;
}

/** The command behind a notice's click, with its workspace (braze.setApiKey takes the key first). */
function noticeCommand(action: NoticeAction | undefined, workspace: string, title: string): vscode.Command | undefined {
  switch (action) {
    case 'retry':
      return { command: COMMANDS.refreshSegments, title: vscode.l10n.t('Retry'), arguments: [workspace] };
    case 'setApiKey':
      return { command: COMMANDS.setApiKey, title, arguments: [undefined, workspace] };
    case 'clearFilter':
      return { command: COMMANDS.clearSegmentFilter, title };
    default:
      return undefined;
  }
}

export function noticeItem(node: NodeOf<'notice'>): vscode.TreeItem {
  const retry = node.action === 'retry';
  // Ours, but a workspace's name may be in them: flattened like any text from settings.
  const label = forPlainText(node.label);
  const detail = forPlainText(node.detail);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.description = retry ? vscode.l10n.t({ message: 'Retry', args: [], comment: ['A failed load row: a click loads the list again'] }) : undefined;
  item.tooltip = detail;
  item.iconPath = new vscode.ThemeIcon(node.icon ?? (retry ? 'warning' : 'info'));
  item.contextValue = retry ? 'brazeFailure' : node.action === 'setApiKey' ? 'brazeSetKey' : 'brazeNotice';
  item.command = noticeCommand(node.action, node.workspace, label);
  item.accessibilityInformation = { label: retry ? vscode.l10n.t('{0}. {1} Click to retry.', label, detail) : `${label}. ${detail}` };
  return item;
}

export function groupItem(node: NodeOf<'group'>, count: number): vscode.TreeItem {
  const name = node.tag === undefined ? vscode.l10n.t({ message: 'Untagged', args: [], comment: ['The tag group of segments without a tag'] }) : forPlainText(node.tag);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = nodeId(node);
  item.description = count.toLocaleString('en');
  item.accessibilityInformation = {
    label: node.tag === undefined ? vscode.l10n.t('Untagged segments, {0}', segmentCount(count)) : vscode.l10n.t('Tag {0}, {1}', name, segmentCount(count)),
  };
  item.iconPath = new vscode.ThemeIcon(node.tag === undefined ? 'circle-slash' : 'tag');
  item.contextValue = 'brazeTag';
  return item;
}

export function segmentItem(node: NodeOf<'segment'>): vscode.TreeItem {
  const { segment } = node;
  const name = forPlainText(displayName(segment));
  const tags = forPlainText(segment.tags.join(', '));
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.description = tags;
  const allTags = segment.tagsOmitted ? vscode.l10n.t('{0} and {1} more', tags, segment.tagsOmitted.toLocaleString('en')) : tags;
  const tracking = segment.analyticsTrackingEnabled === undefined ? vscode.l10n.t('unknown') : segment.analyticsTrackingEnabled ? vscode.l10n.t('on') : vscode.l10n.t('off');
  item.tooltip = [
    name,
    vscode.l10n.t('Id: {0}', segment.id),
    vscode.l10n.t('Tags: {0}', segment.tags.length ? allTags : vscode.l10n.t({ message: 'none', args: [], comment: ['A segment without tags'] })),
    vscode.l10n.t('Analytics tracking: {0}', tracking),
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(segment.analyticsTrackingEnabled ? 'graph-line' : 'organization');
  item.contextValue = 'brazeSegment';
  // The row's workspace goes with the id, as in a hover card's link: the panel opens there.
  item.command = { command: COMMANDS.openSegment, title: vscode.l10n.t('Open Details'), arguments: [segment.id, node.workspace] };
  // The sentence a screen reader says: the name, what the row is, its tags (the icon's meaning in words).
  const tracked = segment.analyticsTrackingEnabled ? vscode.l10n.t(', analytics tracking on') : '';
  item.accessibilityInformation = {
    label: segment.tags.length
      ? vscode.l10n.t({ message: '{0}, segment, tags: {1}{2}', args: [name, allTags, tracked], comment: ['Screen reader: a segment row. {2} is empty or ", analytics tracking on"'] })
      : vscode.l10n.t({ message: '{0}, segment, no tags{1}', args: [name, tracked], comment: ['Screen reader: a segment row. {1} is empty or ", analytics tracking on"'] }),
  };
  return item;
}

/** The row below a long list's first rows: a click shows the next ones (the filter and sort kept). */
export function moreItem(node: NodeOf<'more'>, page: RowPage): vscode.TreeItem {
  const text = moreRowText(page);
  const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.description = text.description;
  item.tooltip = text.tooltip;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'brazeMore';
  item.command = { command: COMMANDS.showMoreSegments, title: text.label, arguments: [node] };
  item.accessibilityInformation = { label: vscode.l10n.t('{0} {1} segments shown', text.label, text.description) };
  return item;
}

function segmentCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 segment') : vscode.l10n.t('{0} segments', count.toLocaleString('en'));
}
