// The hover on segment ids in any file. Detection and wording live in src/segments; this adapts them
// to VS Code: the id's range, the cancellation token, and a MarkdownString whose only enabled command
// links are our own (Braze text inside it is escaped, so it cannot add links of its own).
import * as vscode from 'vscode';
import { HOVER_COMMANDS } from '../segments/hoverCard';
import { segmentContextAt, segmentIdAt } from '../segments/idDetection';
import { segmentHover } from '../segments/segmentHover';
import type { SegmentService } from '../segments/segmentService';
import type { Connection } from './connection';
import type { CachedSettings } from './settings';

const ENABLED_COMMANDS = { enabledCommands: [...HOVER_COMMANDS] };

export class SegmentHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: SegmentService,
    private readonly connection: Connection,
    private readonly settings: CachedSettings,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.ProviderResult<vscode.Hover> {
    if (!this.settings.hoverEnabled()) return undefined;
    const found = segmentIdAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    const text = segmentHover(
      this.service,
      { id: found.id, context: segmentContextAt(document, position.line, found.start, found.end), signal: controller.signal },
      { instance: this.connection.instance, hasDashboard: this.connection.dashboardUrl !== undefined },
    );
    if (typeof text !== 'object') {
      cancellation.dispose();
      return toHover(text, range);
    }
    return text.then((markdown) => toHover(markdown, range)).finally(() => cancellation.dispose());
  }
}

function toHover(markdown: string | undefined, range: vscode.Range): vscode.Hover | undefined {
  if (!markdown) return undefined;
  const content = new vscode.MarkdownString(markdown);
  content.isTrusted = ENABLED_COMMANDS;
  content.supportHtml = false;
  content.supportThemeIcons = false;
  return new vscode.Hover(content, range);
}
