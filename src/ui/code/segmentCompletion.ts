// Completion by name: inside a string where the code says a segment id goes (`segment_id: "`,
// `SEGMENT = '`, an item of a `segments:` list), typing offers every listed segment of every
// workspace by name and tag, and inserts its id. Ctrl+Space offers them in any string. Elsewhere,
// and on a quote typed outside a segment context, nothing pops up.
// The lists are the Segments view's (`workspace.catalog`): a completion asked for in a segment context
// starts the load of a list not read yet, and says it is incomplete while one is still loading.
// Each item's documentation is the hover's card, built when VS Code resolves the item (it is shown):
// from cached details if any, else the list row's name and tags. No request per item, ever.
import * as vscode from 'vscode';
import type { SegmentSummary } from '../../braze/model';
import type { IDisposable } from '../../common/lifecycle';
import { type CompletionSpot, completionSpotAt } from '../../segments/code/completionContext';
import { type PreparedRow, type SegmentCandidate, segmentCandidates } from '../../segments/code/completionItems';
import { type HoverCardState, hoverCardMarkdown } from '../../segments/hoverCard';
import type { CardContextFor } from '../../segments/segmentHover';
import type { Workspace } from '../../segments/workspace';
import { cardContextFor, cardMarkdownString } from '../cardMarkdown';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';

/** Typing one of these may open a string: the only characters that pop completion up unasked. */
export const SEGMENT_COMPLETION_TRIGGERS = ['"', "'", '`'];

/** Languages whose values are often bare (`- <id>` under `segments:`): a bare value counts there. */
const BARE_VALUE_LANGUAGES = new Set(['yaml', 'dockercompose', 'github-actions-workflow']);

/** How long the first answer waits for a list being loaded to bring its first rows. */
const FIRST_ROWS_WAIT_MS = 1_500;

/** A completion item that knows which segment it inserts, for its documentation. */
export class SegmentCompletionItem extends vscode.CompletionItem {
  constructor(readonly segment: { readonly id: string; readonly workspace: string; readonly summary: SegmentSummary }, label: string) {
    super(label, vscode.CompletionItemKind.Value);
  }
}

export class SegmentCompletion implements vscode.CompletionItemProvider<SegmentCompletionItem> {
  private readonly contextFor: CardContextFor;
  /** Each list row flattened once, across keystrokes (rows keep their object while unchanged). */
  private readonly prepared = new WeakMap<SegmentSummary, PreparedRow>();

  constructor(
    private readonly workspaces: Workspaces,
    private readonly settings: Settings,
  ) {
    this.contextFor = cardContextFor(workspaces);
  }

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): Promise<vscode.CompletionList<SegmentCompletionItem> | undefined> {
    const spot = completionSpotAt(document, position.line, position.character, { bare: BARE_VALUE_LANGUAGES.has(document.languageId) });
    if (!spot) return undefined;
    // A quote typed where the code says nothing of segments: nothing pops up. Ctrl+Space (Invoke), or
    // the follow-up of an answer of ours that was incomplete, is the user asking.
    if (!spot.segment && context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter) return undefined;
    const ordered = this.workspaces.registry.ordered(this.workspaces.preferredFor(document.uri));
    if (!ordered.length) return undefined;
    await this.loadLists(ordered, token);
    if (token.isCancellationRequested) return undefined;
    const { items, capped } = segmentCandidates(
      ordered.map((workspace) => ({ workspace: workspace.name, segments: workspace.catalog.state.segments })),
      { several: this.workspaces.several, typed: spot.typed, prepared: this.prepared },
    );
    const loading = ordered.some((workspace) => workspace.catalog.state.loading);
    const range = rangesOf(position.line, spot);
    return new vscode.CompletionList(
      items.map((candidate) => toItem(candidate, range)),
      // VS Code asks again as the user types: for the rows still coming, or for those the cap left out.
      loading || capped,
    );
  }

  /** The card of the item's segment, from what is known now: cached details, else the list row. */
  resolveCompletionItem(item: SegmentCompletionItem): SegmentCompletionItem {
    const { id, workspace: name, summary } = item.segment;
    const workspace = this.workspaces.get(name);
    const cached = workspace?.service.peek(id);
    const state: HoverCardState =
      cached?.kind === 'found'
        ? { kind: 'found', details: cached.details, stale: cached.stale ? { fetchedAt: cached.fetchedAt, refreshing: workspace?.service.isFetching(id) ?? false } : undefined }
        : { kind: 'named', id, name: summary.name, tags: summary.tags };
    item.documentation = cardMarkdownString(hoverCardMarkdown(state, this.contextFor(workspace)));
    return item;
  }

  /**
   * Starts loading each list not read yet (of workspaces with a key), and when no workspace has a row
   * yet, waits a moment for the first ones. A list whose load failed is not asked again here: the
   * Segments view says why and retries; a keystroke should not.
   */
  private async loadLists(ordered: readonly Workspace[], token: vscode.CancellationToken): Promise<void> {
    const direction = this.settings.listDirection;
    const keyed = await Promise.all(ordered.map((workspace) => workspace.hasKey()));
    ordered.forEach((workspace, i) => {
      const { state } = workspace.catalog;
      if (keyed[i] && !state.loading && !state.complete && !state.error) void workspace.catalog.load(direction).catch(() => undefined);
    });
    const loading = ordered.filter((workspace) => workspace.catalog.state.loading);
    if (!loading.length || ordered.some((workspace) => workspace.catalog.state.segments.length)) return;
    await firstRows(loading, FIRST_ROWS_WAIT_MS, token);
  }
}

function toItem(candidate: SegmentCandidate, range: { inserting: vscode.Range; replacing: vscode.Range }): SegmentCompletionItem {
  const item = new SegmentCompletionItem({ id: candidate.id, workspace: candidate.workspace, summary: candidate.summary }, candidate.label);
  item.detail = candidate.detail;
  item.filterText = candidate.filterText;
  item.sortText = candidate.sortText;
  item.insertText = candidate.id;
  item.range = range;
  return item;
}

/** What was typed since the quote is replaced by the id; in replace mode, the rest of the value too. */
function rangesOf(line: number, spot: CompletionSpot): { inserting: vscode.Range; replacing: vscode.Range } {
  return {
    inserting: new vscode.Range(line, spot.start, line, spot.end),
    replacing: new vscode.Range(line, spot.start, line, Math.max(spot.end, spot.replaceEnd)),
  };
}

/** Resolves when one of `workspaces` has rows or none is loading any more, after `ms` at most, or on cancellation. */
function firstRows(workspaces: readonly Workspace[], ms: number, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const subscriptions: IDisposable[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    subscriptions.push(token.onCancellationRequested(done));
    for (const workspace of workspaces) {
      subscriptions.push(
        workspace.catalog.onDidChange((state) => {
          if (state.segments.length || !workspaces.some((w) => w.catalog.state.loading)) done();
        }),
      );
    }
  });
}
