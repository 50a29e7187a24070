// What the editor gets for a segment id in a document, through VS Code's own commands (so through
// the extension's document selectors): the hover card's text, the names beside ids, and completion
// by name. Shared by the Restricted Mode and file-system tests; not a test file itself.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The hover's Markdown at the first `id` of `document`, Markdown escapes removed. */
export async function hoverText(document: vscode.TextDocument, id: string): Promise<string> {
  const offset = document.getText().indexOf(id);
  assert.ok(offset >= 0, `${id} not in ${document.uri.toString()}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 5));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((part) => (part instanceof vscode.MarkdownString ? part.value : typeof part === 'string' ? part : part.value))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

/** The labels of the inlay hints VS Code gets for the whole of `document`. */
export async function inlayLabels(document: vscode.TextDocument): Promise<string[]> {
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
  return hints.map((hint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('')));
}

/** The ids the completion items VS Code gets at the end of `needle` in `document` insert. */
export async function completedIds(document: vscode.TextDocument, needle: string, trigger?: string): Promise<string[]> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${document.uri.toString()}`);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(offset + needle.length), trigger);
  return list.items.map((item) => item.insertText).filter((text): text is string => typeof text === 'string' && UUID.test(text));
}
