// What segment completion offers: every listed segment of every workspace, as plain data (label,
// detail, filter and sort text, the id to insert). Pure, so the wording and the cap are unit-tested.
// Braze names and tags are untrusted; completion labels and details render text as it is, so only
// what is never shown (invisible and direction characters, line breaks) goes, and long text is cut.
import * as l10n from '@vscode/l10n';
import type { SegmentSummary } from '../../braze/model';
import { forPlainText, shorten } from '../inertText';

/** The most items one answer holds: VS Code filters and sorts them on every keystroke. */
export const MAX_COMPLETION_ITEMS = 1_000;
const LABEL_LENGTH = 80;
const TAG_LENGTH = 40;
const TAGS_SHOWN = 6;

export interface CompletionSource {
  /** The workspace's name. */
  readonly workspace: string;
  readonly segments: readonly SegmentSummary[];
}

export interface SegmentCandidate {
  readonly id: string;
  readonly workspace: string;
  /** The name (the id when the segment has none). */
  readonly label: string;
  /** `Staging · winback, eu` (the workspace only when the user has several), and a word when capped. */
  readonly detail: string | undefined;
  /** Name, tags and id: typing any of them finds the segment. */
  readonly filterText: string;
  /** The folder's own workspace first, then the others in the user's order; by name within each. */
  readonly sortText: string;
  /** The row, for the documentation card. */
  readonly summary: SegmentSummary;
}

export interface CandidateOptions {
  /** Whether the user has several workspaces: only then does the detail name one. */
  readonly several: boolean;
  /** What was typed in the string so far: narrows the candidates when there are more than `max`. */
  readonly typed: string;
  readonly max?: number;
  /**
   * Rows already flattened, kept by whoever asks again (the provider, for the next keystroke): a list
   * row that did not change keeps its object across loads, so it is flattened once.
   */
  readonly prepared?: WeakMap<SegmentSummary, PreparedRow>;
}

/** A row's text, flattened and cut once. */
export interface PreparedRow {
  readonly label: string;
  readonly tagText: string | undefined;
  readonly filterText: string;
  readonly lowerFilterText: string;
}

export interface Candidates {
  readonly items: SegmentCandidate[];
  /** How many segments the lists hold in all. */
  readonly total: number;
  /** More matched than `max`: only the first `max` are offered (typing more narrows them down). */
  readonly capped: boolean;
}

/**
 * The candidates from `sources` (in the order to offer them: the folder's workspace first). Under the
 * cap, every row is offered and VS Code filters as the user types. Over it, rows are first narrowed
 * to those whose name, tags or id contain each word typed, so what was typed is not cut away.
 */
export function segmentCandidates(sources: readonly CompletionSource[], options: CandidateOptions): Candidates {
  const max = options.max ?? MAX_COMPLETION_ITEMS;
  const total = sources.reduce((sum, source) => sum + source.segments.length, 0);
  const words = total > max ? options.typed.toLowerCase().split(/\s+/).filter(Boolean) : [];
  const items: SegmentCandidate[] = [];
  let matched = 0;
  sources.forEach((source, rank) => {
    for (const summary of source.segments) {
      // Nothing typed yet: every row matches, so only those offered are worth preparing.
      if (!words.length && items.length >= max) {
        matched += 1;
        continue;
      }
      const row = prepare(summary, options.prepared);
      if (words.length && !words.every((word) => row.lowerFilterText.includes(word))) continue;
      matched++;
      if (items.length >= max) continue;
      items.push(candidate(summary, row, source.workspace, rank, options.several));
    }
  });
  const capped = matched > items.length;
  if (!capped) return { items, total, capped };
  const note = l10n.t('{0} of {1} shown: type more of the name', items.length.toLocaleString('en'), matched.toLocaleString('en'));
  return { items: items.map((item) => ({ ...item, detail: item.detail ? `${item.detail} · ${note}` : note })), total, capped };
}

function candidate(summary: SegmentSummary, row: PreparedRow, workspace: string, rank: number, several: boolean): SegmentCandidate {
  const detail = [several ? forPlainText(workspace) : undefined, row.tagText].filter(Boolean).join(' · ') || undefined;
  return { id: summary.id, workspace, label: row.label, detail, filterText: row.filterText, sortText: `${String(rank).padStart(3, '0')}:${row.label.toLowerCase()}`, summary };
}

function prepare(summary: SegmentSummary, prepared: WeakMap<SegmentSummary, PreparedRow> | undefined): PreparedRow {
  const known = prepared?.get(summary);
  if (known) return known;
  // Each text flattened once; only a text too long is cut (shorten flattens again, harmlessly).
  const name = plain(summary.name ?? '');
  const flatTags = summary.tags.map(plain);
  const label = cut(name, LABEL_LENGTH) || summary.id;
  const tags = flatTags
    .slice(0, TAGS_SHOWN)
    .map((tag) => cut(tag, TAG_LENGTH))
    .filter(Boolean);
  const more = Math.max(0, summary.tags.length - TAGS_SHOWN) + (summary.tagsOmitted ?? 0);
  const tagText = tags.length ? `${tags.join(', ')}${more > 0 ? ` +${more}` : ''}` : undefined;
  const filterText = [name, ...flatTags, summary.id].filter(Boolean).join(' ');
  const row = { label, tagText, filterText, lowerFilterText: filterText.toLowerCase() };
  prepared?.set(summary, row);
  return row;
}

/** A flattened text, cut at a word to `max` characters when longer. */
function cut(flat: string, max: number): string {
  return flat.length <= max ? flat : (shorten(flat, max) ?? '');
}

/**
 * `forPlainText(text)`, skipping the work for the usual text: printable ASCII with single spaces
 * between words is already flat (flattening would return it unchanged). Anything else (controls,
 * non-ASCII, space runs) goes through the one flattening every surface uses.
 */
function plain(text: string): string {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x20 && code < 0x7f) continue;
    if (code === 0x20 && i > 0 && i < last && text.charCodeAt(i - 1) !== 0x20) continue;
    return forPlainText(text);
  }
  return text;
}
