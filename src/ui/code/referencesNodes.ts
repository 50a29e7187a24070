// The rows of the Segments in Code view as plain data, and how a command finds its segment in one
// (the view's menus pass the row itself to braze.openSegment and braze.copySegmentId). Free of
// 'vscode'. Every kind is spelled `code…`, so no row here is mistaken for a row of the Segments view.
import * as l10n from '@vscode/l10n';
import type { Reference } from '../../segments/code/referenceIndex';

/**
 * One segment id that occurs in the workspace's files: a root row when a workspace knows it, a row of
 * the "Unknown ids" group otherwise. One object per id for as long as it occurs, updated in place:
 * VS Code redraws a row only when told of the object it holds.
 */
export interface CodeSegmentNode {
  readonly kind: 'codeSegment';
  readonly id: string;
  /** Its name in the workspace that knows it; undefined while none does (or it has none). */
  name: string | undefined;
  /** The workspace that knows it. */
  workspace: string | undefined;
  known: boolean;
  /** Some occurrence's code says it is a segment (`segment_id: …`): an unknown id is then shown. */
  saysSegment: boolean;
  references: number;
  files: number;
}

/** The group of ids the code calls segments but no workspace knows (deleted, or from elsewhere). */
export interface CodeUnknownGroupNode {
  readonly kind: 'codeUnknownGroup';
}

/** One place an id occurs: `file:line`. */
export interface CodeLocationNode {
  readonly kind: 'codeLocation';
  readonly segment: CodeSegmentNode;
  readonly reference: Reference;
}

export type ReferenceNode = CodeSegmentNode | CodeUnknownGroupNode | CodeLocationNode;

/** Shown in the view: known to a workspace, or called a segment by the code. */
export function isShown(node: CodeSegmentNode): boolean {
  return node.known || node.saysSegment;
}

/** The segment a command argument from this view names, with its workspace when one knows it. */
export function referenceTargetFrom(arg: unknown): { id: string; workspace?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<ReferenceNode>;
  const segment = node.kind === 'codeSegment' ? (node as CodeSegmentNode) : node.kind === 'codeLocation' ? (node as CodeLocationNode).segment : undefined;
  if (!segment || typeof segment.id !== 'string') return undefined;
  return segment.workspace === undefined ? { id: segment.id } : { id: segment.id, workspace: segment.workspace };
}

/** "3 references in 2 files", "1 reference in 1 file". */
export function countText(references: number, files: number): string {
  return l10n.t('{0} in {1}', referencesText(references), filesText(files));
}

// Plurals as two messages each (@vscode/l10n is used, not vscode.l10n: this module stays free of 'vscode').
export const referencesText = (n: number) => (n === 1 ? l10n.t('1 reference') : l10n.t('{0} references', n.toLocaleString('en')));
export const filesText = (n: number) => (n === 1 ? l10n.t('1 file') : l10n.t('{0} files', n.toLocaleString('en')));
export const segmentsText = (n: number) => (n === 1 ? l10n.t('1 segment') : l10n.t('{0} segments', n.toLocaleString('en')));
