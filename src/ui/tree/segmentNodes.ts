// The rows of the Segments view as plain data, and how a command finds its target in one. Every row
// carries the name of the workspace it belongs to, so that a command run from a row (Open Details,
// Retry, Set API Key…) acts on that workspace without asking which. Free of 'vscode': pure data.
import type { SegmentSummary } from '../../braze/model';
import { normalizeSegmentId } from '../../braze/segmentId';
import { referenceTargetFrom } from '../code/referencesNodes';

/** What clicking a notice row does: retry its workspace's load, set its key, or clear the filter. */
export type NoticeAction = 'retry' | 'setApiKey' | 'clearFilter';

export type SegmentNode =
  /** A workspace's own row, shown only when there are several. */
  | { kind: 'workspace'; workspace: string }
  /** `group`: the key of the tag group the row is shown in (see `groupKey`), when grouped. */
  | { kind: 'segment'; workspace: string; segment: SegmentSummary; group?: string }
  /** A tag group's row; its rows and count are the tree's (the row stays the same object as they change). */
  | { kind: 'group'; workspace: string; tag: string | undefined }
  /** Below the first rows of a long list: a click shows more. `group`: the list is that tag group's (by `groupKey`). */
  | { kind: 'more'; workspace: string; group?: string }
  /**
   * A row that says something about the rows (a load failed or stopped early), or stands in for
   * them in a workspace's row when it has none (no key, loading, no permission).
   */
  | { kind: 'notice'; workspace: string; label: string; detail: string; action?: NoticeAction; icon?: string };

/** A tag group's key: untagged segments have a group of their own, which no tag can name. */
export function groupKey(tag: string | undefined): string {
  return tag === undefined ? '' : `#${tag}`;
}

/**
 * A tree item id, unique across workspaces: two workspaces may list the same tag, and a segment
 * shown in several tag groups is a row in each.
 */
export function nodeId(node: SegmentNode): string {
  const prefix = `${encodeURIComponent(node.workspace)}/`;
  switch (node.kind) {
    case 'workspace':
      return prefix;
    case 'notice':
      return `${prefix}notice:${node.action ?? node.label}`;
    case 'group':
      return `${prefix}tag:${groupKey(node.tag)}`;
    case 'more':
      return node.group === undefined ? `${prefix}more` : `${prefix}tag:${node.group}/more`;
    case 'segment':
      return node.group === undefined ? `${prefix}${node.segment.id}` : `${prefix}tag:${node.group}/${node.segment.id}`;
  }
}

function isNode(arg: unknown): arg is SegmentNode {
  const node = arg as Partial<SegmentNode> | undefined;
  return typeof node === 'object' && node !== null && typeof node.kind === 'string' && typeof node.workspace === 'string';
}

/** A workspace name from a command argument: the name itself, or any row of the view (its workspace). */
export function workspaceNameFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  return isNode(arg) ? arg.workspace : undefined;
}

/**
 * The segment a command argument names: an id, or a segment row (with its workspace). `workspaceArg`
 * is the workspace name a hover link or the panel passes beside an id; a row's own workspace wins.
 */
export function segmentTargetFrom(arg: unknown, workspaceArg?: unknown): { id: string; workspace?: string } | undefined {
  const target = rowOrIdTarget(arg);
  if (!target || target.workspace !== undefined) return target;
  return typeof workspaceArg === 'string' && workspaceArg ? { id: target.id, workspace: workspaceArg } : target;
}

function rowOrIdTarget(arg: unknown): { id: string; workspace?: string } | undefined {
  // A row of the Segments in Code view, passed by its menus.
  const reference = referenceTargetFrom(arg);
  if (reference) return reference;
  if (typeof arg === 'string') {
    const id = normalizeSegmentId(arg);
    return id ? { id } : undefined;
  }
  return isNode(arg) && arg.kind === 'segment' ? { id: arg.segment.id, workspace: arg.workspace } : undefined;
}

/** A segment id from a command argument: a segment row, an id, or nothing. */
export function segmentIdFrom(arg: unknown): string | undefined {
  return segmentTargetFrom(arg)?.id;
}
