// Names beside ids: an inlay hint after each id the lists or the cache know as a segment. Decorating
// costs no request: the names come from `SegmentResolver.named`, which reads caches and lists only.
// The hint's tooltip is the hover's card, filled in when VS Code resolves the hint (the user hovers
// it), so a file of a thousand ids does not build and ship a thousand cards; clicking it opens the
// panel. VS Code honours `editor.inlayHints.enabled` itself; `braze.inlineNames.enabled` is ours.
import * as vscode from 'vscode';
import { Disposable, type IDisposable, disposableTimeout, toDisposable } from '../../common/lifecycle';
import { type InlineLabel, type InlineNameHint, inlineNameHints } from '../../segments/code/inlineNameHints';
import type { SegmentContext } from '../../segments/idDetection';
import { type CardContextFor, segmentHover } from '../../segments/segmentHover';
import { cardContextFor, cardMarkdownString } from '../cardMarkdown';
import { COMMANDS } from '../commandIds';
import { SETTING, type Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import type { DocumentScans } from './documentScans';

/** How long redraws wait for more changes: a list load names hundreds of ids, page by page. */
const REDRAW_DELAY_MS = 100;
/** How many ids' labels are kept between redraws, per folder workspace. */
const MAX_REMEMBERED_LABELS = 20_000;

/** An inline name, with what resolving its tooltip needs. */
export class SegmentInlayHint extends vscode.InlayHint {
  constructor(
    readonly segment: { readonly id: string; readonly workspace: string; readonly context: SegmentContext; readonly preferred: string | undefined },
    position: vscode.Position,
    readonly part: vscode.InlayHintLabelPart,
  ) {
    super(position, [part]);
    this.paddingLeft = true;
  }
}

export class SegmentInlineNames extends Disposable implements vscode.InlayHintsProvider<SegmentInlayHint> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  private pendingRedraw: IDisposable | undefined;
  private readonly contextFor: CardContextFor;
  /**
   * Labels already worked out, per folder workspace (`braze.workspace`) and workspace count: emptied
   * on every change of what the workspaces know, so a redraw that follows an edit or a scroll looks
   * nothing up again.
   */
  private readonly labels = new Map<string, Map<string, InlineLabel>>();

  readonly onDidChangeInlayHints: vscode.Event<void> = this.changed.event;

  constructor(
    private readonly workspaces: Workspaces,
    private readonly settings: Settings,
    private readonly documents: DocumentScans,
  ) {
    super();
    this.contextFor = cardContextFor(workspaces);
    // The labels are forgotten at once (the next request reads afresh); the redraw waits for more.
    const forgetAndRedraw = () => {
      this.labels.clear();
      this.redrawSoon();
    };
    this._register(workspaces.onDidChangeSegments(forgetAndRedraw));
    this._register(workspaces.onDidChange(forgetAndRedraw));
    // A key set or removed drops (or brings) everything a workspace knew.
    this._register(workspaces.onDidChangeWorkspace(forgetAndRedraw));
    this._register(
      settings.onDidChange((change) => {
        // `braze.workspace` decides which segments are "of another workspace" and say so.
        if (change.affects(SETTING.inlineNamesEnabled) || change.affects(SETTING.workspace)) forgetAndRedraw();
      }),
    );
    this._register(toDisposable(() => this.pendingRedraw?.dispose()));
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): SegmentInlayHint[] {
    if (token.isCancellationRequested || !this.settings.inlineNamesEnabled()) return [];
    const all = this.workspaces.all;
    if (!all.length) return [];
    const occurrences = this.documents.occurrencesOf(document);
    if (!occurrences.length) return [];
    const preferred = this.workspaces.preferredFor(document.uri);
    const { resolver, several } = this.workspaces;
    // Without a `braze.workspace`, the folder's code is read as the first workspace's (as `current()` does).
    const target = preferred ?? all[0].name;
    const memoKey = `${several}\u0000${target}\u0000${preferred ?? ''}`;
    let memo = this.labels.get(memoKey);
    // Only ids of documents looked at: bounded anyway, but a generated file full of ids should not keep them all.
    if (!memo || memo.size > MAX_REMEMBERED_LABELS) this.labels.set(memoKey, (memo = new Map()));
    const hints = inlineNameHints(
      occurrences,
      { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character },
      (id) => resolver.named(id, preferred),
      { several, target },
      memo,
    );
    return hints.map((hint) => this.toInlayHint(hint, preferred));
  }

  /** The card, as the hover on the id shows it: from the cache, or after the one request the hover would send. */
  async resolveInlayHint(hint: SegmentInlayHint, token: vscode.CancellationToken): Promise<SegmentInlayHint> {
    const { id, context, preferred } = hint.segment;
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    try {
      const markdown = await segmentHover(this.workspaces.resolver, { id, context, preferred, signal: controller.signal }, this.contextFor);
      if (markdown && !token.isCancellationRequested) hint.part.tooltip = cardMarkdownString(markdown);
      return hint;
    } finally {
      cancellation.dispose();
    }
  }

  private toInlayHint(hint: InlineNameHint, preferred: string | undefined): SegmentInlayHint {
    const part = new vscode.InlayHintLabelPart(hint.label);
    part.command = { command: COMMANDS.openSegment, title: vscode.l10n.t('Open segment details'), arguments: [hint.id, hint.workspace] };
    return new SegmentInlayHint({ id: hint.id, workspace: hint.workspace, context: hint.context, preferred }, new vscode.Position(hint.line, hint.character), part);
  }

  /** At most one redraw per REDRAW_DELAY_MS, however many changes come in meanwhile. */
  private redrawSoon(): void {
    if (this.pendingRedraw || this.isDisposed) return;
    this.pendingRedraw = disposableTimeout(() => {
      this.pendingRedraw = undefined;
      this.changed.fire();
    }, REDRAW_DELAY_MS);
  }
}
