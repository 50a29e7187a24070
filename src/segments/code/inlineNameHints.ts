// What the inline names say: for each id of a range that the lists or the cache know as a segment, the
// name to show after it, and its workspace when that is not the one the folder's code targets. Pure
// (no 'vscode'), so the benchmark and the unit tests run exactly what the inlay hint provider runs.
// Nothing here sends a request: `named` answers from what is already known (SegmentResolver.named).
// Braze names are untrusted: a hint label renders text as it is, so only what is never shown
// (invisible and direction characters, line breaks) is taken out, and the name is cut short.
import * as l10n from '@vscode/l10n';
import { shorten } from '../inertText';
import type { SegmentContext } from '../idDetection';
import type { IdOccurrence } from './codeScan';

/** The longest name shown beside an id; the tooltip's card has the rest. */
export const INLINE_NAME_LENGTH = 40;
/** The longest workspace name shown after it. */
export const INLINE_WORKSPACE_LENGTH = 24;
/** What a known segment without a name is called beside its id (a function: translated once the extension has activated). */
export const unnamedLabel = () => l10n.t('(unnamed segment)');

/** What the caches and lists say an id is (the shape of `SegmentResolver.named`), or undefined. */
export type NameLookup = (id: string) => { readonly workspace: { readonly name: string }; readonly name: string | undefined } | undefined;

/** Zero-based lines and UTF-16 columns, both ends inclusive (VS Code's Range.contains). */
export interface HintRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface InlineNameOptions {
  /** Whether the user has several workspaces: only then can a segment be in "another" one. */
  readonly several: boolean;
  /**
   * The workspace the folder's code targets (its `braze.workspace`, else the first): a segment of any
   * other workspace is shown with that workspace's name.
   */
  readonly target: string | undefined;
}

export interface InlineNameHint {
  readonly id: string;
  /** Where the hint stands: just after the id. */
  readonly line: number;
  readonly character: number;
  /** `Lapsed buyers (EU)`, or `QA testers · Staging` for a segment of another workspace. */
  readonly label: string;
  /** The workspace the segment belongs to (its name): the panel opens there. */
  readonly workspace: string;
  /** What the id's line says it is (the tooltip's card speaks as the hover on the id would). */
  readonly context: SegmentContext;
}

/** What an id is shown as, or null: no workspace knows it. */
export type InlineLabel = { readonly label: string; readonly workspace: string } | null;

/**
 * The hints for the occurrences whose end lies in `range`. `occurrences` are in document order (as
 * `scanText` returns them), so the range is found by a binary search, and each distinct id is looked
 * up once per call. `memo` keeps the labels across calls (for the same `named` and `options`): its
 * owner empties it whenever what the workspaces know changes, and a redraw then costs no lookup.
 */
export function inlineNameHints(
  occurrences: readonly IdOccurrence[],
  range: HintRange,
  named: NameLookup,
  options: InlineNameOptions,
  memo: Map<string, InlineLabel> = new Map(),
): InlineNameHint[] {
  const hints: InlineNameHint[] = [];
  for (let i = firstOnOrAfter(occurrences, range.startLine); i < occurrences.length; i++) {
    const occurrence = occurrences[i];
    if (occurrence.line > range.endLine) break;
    if (!within(range, occurrence.line, occurrence.end)) continue;
    // What its own line calls something else (a campaign id, a key) never gets a segment's name.
    if (occurrence.context === 'other' || occurrence.apiKey) continue;
    let known = memo.get(occurrence.id);
    if (known === undefined) {
      known = labelFor(named(occurrence.id), options);
      memo.set(occurrence.id, known);
    }
    if (known) hints.push({ id: occurrence.id, line: occurrence.line, character: occurrence.end, label: known.label, workspace: known.workspace, context: occurrence.context });
  }
  return hints;
}

/** The label for what `named` said, or null when no workspace knows the id. */
function labelFor(found: ReturnType<NameLookup>, options: InlineNameOptions): InlineLabel {
  if (!found) return null;
  const workspace = found.workspace.name;
  const name = shorten(found.name, INLINE_NAME_LENGTH) ?? unnamedLabel();
  const elsewhere = options.several && workspace !== options.target;
  const where = elsewhere ? shorten(workspace, INLINE_WORKSPACE_LENGTH) : undefined;
  return { label: where ? `${name} · ${where}` : name, workspace };
}

/** The index of the first occurrence on `line` or later. */
function firstOnOrAfter(occurrences: readonly IdOccurrence[], line: number): number {
  let low = 0;
  let high = occurrences.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (occurrences[middle].line < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

function within(range: HintRange, line: number, character: number): boolean {
  if (line < range.startLine || line > range.endLine) return false;
  if (line === range.startLine && character < range.startCharacter) return false;
  if (line === range.endLine && character > range.endCharacter) return false;
  return true;
}
