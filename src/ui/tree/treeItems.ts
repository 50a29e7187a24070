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
  item.accessibilityInformation = { label: `${name}, Braze workspace, ${rows.description}` };
  return item;
}

/** The command behind a notice's click, with its workspace (braze.setApiKey takes the key first). */
function noticeCommand(action: NoticeAction | undefined, workspace: string, title: string): vscode.Command | undefined {
  switch (action) {
    case 'retry':
      return { command: COMMANDS.refreshSegments, title: 'Retry', arguments: [workspace] };
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
  item.description = retry ? 'Retry' : undefined;
  item.tooltip = detail;
  item.iconPath = new vscode.ThemeIcon(node.icon ?? (retry ? 'warning' : 'info'));
  item.contextValue = retry ? 'brazeFailure' : node.action === 'setApiKey' ? 'brazeSetKey' : 'brazeNotice';
  item.command = noticeCommand(node.action, node.workspace, label);
  item.accessibilityInformation = { label: `${label}. ${detail}` };
  return item;
}

export function groupItem(node: NodeOf<'group'>, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(node.tag === undefined ? 'Untagged' : forPlainText(node.tag), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = nodeId(node);
  item.description = count.toLocaleString('en');
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
  item.tooltip = [
    name,
    `Id: ${segment.id}`,
    `Tags: ${segment.tags.length ? `${tags}${segment.tagsOmitted ? ` and ${segment.tagsOmitted.toLocaleString('en')} more` : ''}` : 'none'}`,
    `Analytics tracking: ${segment.analyticsTrackingEnabled === undefined ? 'unknown' : segment.analyticsTrackingEnabled ? 'on' : 'off'}`,
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(segment.analyticsTrackingEnabled ? 'graph-line' : 'organization');
  item.contextValue = 'brazeSegment';
  // The row's workspace goes with the id, as in a hover card's link: the panel opens there.
  item.command = { command: COMMANDS.openSegment, title: 'Open Details', arguments: [segment.id, node.workspace] };
  item.accessibilityInformation = { label: `${name}, segment${segment.tags.length ? `, tags ${tags}` : ''}` };
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
  item.accessibilityInformation = { label: `${text.label} ${text.description} segments shown` };
  return item;
}
