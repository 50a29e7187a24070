// The hover on segment ids in any file. Detection and wording live in src/segments; this adapts them
// to VS Code: the id's range, the file's own workspace (`braze.workspace` of its folder), the
// cancellation token, and a MarkdownString whose only enabled command links are our own (Braze text
// inside it is escaped, so it cannot add links of its own).
import * as vscode from 'vscode';
import { segmentContextAt, segmentIdAt } from '../segments/idDetection';
import { type CardContextFor, segmentHover } from '../segments/segmentHover';
import { cardContextFor, cardMarkdownString } from './cardMarkdown';
import type { Settings } from './settings';
import type { Workspaces } from './workspaces';

export class SegmentHoverProvider implements vscode.HoverProvider {
  private readonly contextFor: CardContextFor;

  constructor(
    private readonly workspaces: Workspaces,
    private readonly settings: Settings,
    /** Called with every card shown (the walkthrough's "hover an id" step): must stay cheap. */
    private readonly onCardShown: () => void = () => undefined,
  ) {
    this.contextFor = cardContextFor(workspaces);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.ProviderResult<vscode.Hover> {
    if (!this.settings.hoverEnabled()) return undefined;
    const found = segmentIdAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    const preferred = this.workspaces.several ? this.workspaces.preferredFor(document.uri) : undefined;
    const text = segmentHover(
      this.workspaces.resolver,
      { id: found.id, context: segmentContextAt(document, position.line, found.start, found.end), signal: controller.signal, preferred },
      this.contextFor,
    );
    if (typeof text !== 'object') {
      cancellation.dispose();
      return this.toHover(text, range);
    }
    return text.then((markdown) => this.toHover(markdown, range)).finally(() => cancellation.dispose());
  }

  private toHover(markdown: string | undefined, range: vscode.Range): vscode.Hover | undefined {
    if (!markdown) return undefined;
    this.onCardShown();
    return new vscode.Hover(cardMarkdownString(markdown), range);
  }
}
