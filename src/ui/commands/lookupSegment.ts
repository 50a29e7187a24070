// Braze: Look Up Segment. Asks for an id (prefilled from the selection or the id under the cursor),
// makes sure an endpoint and a key are set, then opens the detail panel, which shows the segment or
// says what went wrong.
import * as vscode from 'vscode';
import { segmentIdProblem } from '../../braze/segmentId';
import { segmentIdAt } from '../../segments/idDetection';
import type { Connection } from '../connection';
import type { SegmentPanels } from '../panel/segmentPanels';
import { COMMANDS } from '../commandIds';

export async function lookupSegment(connection: Connection, panels: SegmentPanels, providedId?: unknown): Promise<string | undefined> {
  const id = typeof providedId === 'string' && !segmentIdProblem(providedId.trim()) ? providedId.trim() : await askForId();
  if (!id) return undefined;
  if (!(await ensureReady(connection))) return undefined;
  const { loaded } = panels.show(id, { refresh: false });
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Looking up segment ${id}…` },
    () => loaded,
  );
  return id;
}

async function askForId(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Look Up Braze Segment',
    prompt: "A segment id: find it at the bottom of the segment's page in Braze, or under Settings > APIs and Identifiers",
    placeHolder: '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064',
    value: idFromEditor(),
    ignoreFocusOut: true,
    validateInput: (value) => segmentIdProblem(value.trim()),
  });
  return typed?.trim() || undefined;
}

/** The selection when it could be an id, else a segment id under the cursor. */
function idFromEditor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { selection, document } = editor;
  if (!selection.isEmpty) {
    const text = document.getText(selection).trim().replace(/^["'`]|["'`]$/g, '');
    return segmentIdProblem(text) ? undefined : text;
  }
  return segmentIdAt(document.lineAt(selection.active.line).text, selection.active.character)?.id;
}

/** Offers to set what is missing; true when an endpoint and a key are there afterwards. */
async function ensureReady(connection: Connection): Promise<boolean> {
  if (!connection.endpoint) {
    const state = connection.endpointState();
    const why = state.kind === 'invalid' ? `The braze.restEndpoint setting is not usable: ${state.reason}` : 'No Braze REST endpoint is set.';
    const choice = await vscode.window.showWarningMessage(`${why} Select your Braze instance to look up segments.`, 'Select REST Endpoint');
    if (!choice || !(await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectEndpoint))) return false;
  }
  if (!(await connection.hasKey())) {
    const choice = await vscode.window.showWarningMessage(`No API key is set for ${connection.instance}. Set it to look up segments.`, 'Set API Key');
    if (!choice) return false;
    const outcome = await vscode.commands.executeCommand<string>(COMMANDS.setApiKey);
    if (outcome !== 'saved' && outcome !== 'saved-lacking') return false;
  }
  return true;
}
