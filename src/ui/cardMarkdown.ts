// A segment card as VS Code renders it, on every surface that shows one: the hover, an inline name's
// tooltip, a completion item's documentation. One place decides how far the Markdown is trusted: its
// only enabled command links are our own (HOVER_COMMANDS), no HTML, no theme icons. Braze's text
// inside it was escaped when the card was built (hoverCard.ts), so it cannot add links of its own.
import * as vscode from 'vscode';
import { type CardContext, HOVER_COMMANDS } from '../segments/hoverCard';
import type { CardContextFor } from '../segments/segmentHover';
import type { Workspace } from '../segments/workspace';
import type { Workspaces } from './workspaces';

const ENABLED_COMMANDS = { enabledCommands: [...HOVER_COMMANDS] };

/** Card Markdown (from `hoverCardMarkdown`) as a MarkdownString that runs our commands and nothing else. */
export function cardMarkdownString(markdown: string): vscode.MarkdownString {
  const content = new vscode.MarkdownString(markdown);
  content.isTrusted = ENABLED_COMMANDS;
  content.supportHtml = false;
  content.supportThemeIcons = false;
  return content;
}

/**
 * Where a card about `workspace` is shown: its instance and dashboard, and its name only when the user
 * has several (a one-workspace user sees the cards of before). Read at each call: workspaces come and go.
 */
export function cardContextFor(workspaces: Workspaces): CardContextFor {
  return (workspace: Workspace | undefined): CardContext => ({
    instance: workspace?.instance ?? 'Braze',
    hasDashboard: workspace?.dashboardUrl !== undefined,
    workspace: workspace && workspaces.several ? workspace.name : undefined,
  });
}
