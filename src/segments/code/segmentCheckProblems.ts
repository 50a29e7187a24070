// Which problem an id in code deserves, and in which words: pure, so that the rules are tested in
// plain Node and the VS Code side only turns them into Diagnostics. Segment names come from Braze and
// workspace names from settings: both are flattened and shortened before they reach a message.
import * as l10n from '@vscode/l10n';
import type { Workspace } from '../workspace';
import { forPlainText, shorten } from '../inertText';
import { type IdOccurrence, maySegment, saysSegment } from './codeScan';
import type { SegmentCheck } from './segmentChecks';

export type CodeProblemCode = 'unknown-segment' | 'other-workspace' | 'api-key-in-code';

export interface CodeProblem {
  readonly code: CodeProblemCode;
  readonly severity: 'warning' | 'information';
  readonly message: string;
}

/** Where the id stands: whether the user has several workspaces, and the one its folder targets. */
export interface ProblemPlace {
  readonly several: boolean;
  /** The folder's `braze.workspace`, when it names one of the user's workspaces. */
  readonly preferred: Workspace | undefined;
}

/** The most characters of a segment name a message shows. */
const NAME_LENGTH = 60;
/** The most characters of a workspace name or label a message shows. */
const WORKSPACE_LENGTH = 40;

/** A function, not a constant: the translation is only known once the extension has activated. */
export const apiKeyMessage = () => l10n.t('This looks like a Braze REST API key in source code: keys belong in a secret store.');

/**
 * The problem of one occurrence, if it has one. `check` answers what the lists and caches know of an
 * id (called only for ids that may be segments: an API key's UUID is never looked at).
 */
export function problemOf(occurrence: IdOccurrence, check: (id: string) => SegmentCheck, place: ProblemPlace): CodeProblem | undefined {
  if (occurrence.apiKey) return { code: 'api-key-in-code', severity: 'warning', message: apiKeyMessage() };
  // What its own line calls something else (a campaign id, a trace) is nobody's segment.
  if (!maySegment(occurrence)) return undefined;
  const answer = check(occurrence.id);
  if (answer.kind === 'missing') {
    // Only where the code says "segment": an unknown UUID elsewhere is some other id, not a problem.
    if (!saysSegment(occurrence)) return undefined;
    return { code: 'unknown-segment', severity: 'warning', message: unknownSegmentMessage(occurrence.id, answer.asked) };
  }
  if (answer.kind === 'known' && place.several && place.preferred && answer.workspace !== place.preferred) {
    return { code: 'other-workspace', severity: 'information', message: otherWorkspaceMessage(occurrence.id, answer.name, answer.workspace, place.preferred) };
  }
  return undefined;
}

/** "No segment 3bbc4555… in Production (US-03) or Staging (US-03): deleted, archived, or from another workspace." */
export function unknownSegmentMessage(id: string, asked: readonly Workspace[]): string {
  const where = orList(asked.map((workspace) => workspaceText(workspace.label)));
  return where
    ? l10n.t('No segment {0} in {1}: deleted, archived, or from another workspace.', shortId(id), where)
    : l10n.t('No segment {0}: deleted, archived, or from another workspace.', shortId(id));
}

/** "Segment “Lapsed buyers” is in Staging, not Production (this folder's braze.workspace)." */
export function otherWorkspaceMessage(id: string, name: string | undefined, found: Workspace, preferred: Workspace): string {
  const shown = shorten(forPlainText(name ?? ''), NAME_LENGTH);
  return shown
    ? l10n.t("Segment “{0}” is in {1}, not {2} (this folder's braze.workspace).", shown, workspaceText(found.name), workspaceText(preferred.name))
    : l10n.t("Segment {0} is in {1}, not {2} (this folder's braze.workspace).", shortId(id), workspaceText(found.name), workspaceText(preferred.name));
}

/** The first group of a UUID and an ellipsis: enough to tell ids apart in a message. */
export function shortId(id: string): string {
  return `${id.slice(0, 8)}…`;
}

function workspaceText(text: string): string {
  return shorten(forPlainText(text), WORKSPACE_LENGTH) ?? '';
}

/** "A", "A or B", "A, B or C". */
function orList(items: readonly string[]): string {
  if (items.length < 2) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
