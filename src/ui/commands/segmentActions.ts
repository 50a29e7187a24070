// What can be done with one segment, from the tree, a hover link or the palette: open its panel,
// copy its id, insert it at the cursor, open the Braze dashboard.
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import { isBrazeError } from '../../braze/errors';
import { segmentIdAt } from '../../segments/idDetection';
import type { SegmentService } from '../../segments/segmentService';
import type { Connection } from '../connection';
import type { SegmentPanels } from '../panel/segmentPanels';
import { segmentIdFrom } from '../tree/segmentTree';

export async function openSegment(panels: SegmentPanels, arg: unknown): Promise<string | undefined> {
  const id = segmentIdFrom(arg);
  if (!id) return undefined;
  await panels.show(id).loaded;
  return id;
}

export async function copySegmentId(arg: unknown): Promise<string | undefined> {
  const id = segmentIdFrom(arg);
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(`$(check) Copied segment id ${id}`, 3000);
  return id;
}

/** Replaces every selection of the active editor with the id (inserts at each cursor). */
export async function insertSegmentId(arg: unknown): Promise<boolean> {
  const id = segmentIdFrom(arg);
  const editor = vscode.window.activeTextEditor;
  if (!id) return false;
  if (!editor) {
    void showInfo('Open a file and place the cursor where the segment id should go.');
    return false;
  }
  return editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, id);
  });
}

export async function openDashboard(connection: Connection): Promise<boolean> {
  const url = connection.dashboardUrl;
  if (!url) {
    void showInfo(
      connection.endpoint ? `No Braze dashboard is known for ${connection.instance}.` : 'Select your Braze REST endpoint first: the dashboard is found from it.',
    );
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

/**
 * A hover card's Retry: asks Braze again for `arg` (sent even while a 429 holds: the user asked),
 * then shows the card again when the cursor is on that id, or says in the status bar how it went.
 */
export async function retrySegment(service: SegmentService, arg: unknown): Promise<boolean> {
  const id = segmentIdFrom(arg);
  if (!id) return false;
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Braze: asking again…' }, () =>
    service.getDetails(id, { refresh: true, explicit: true }).then(
      () => true,
      (error: unknown) => isBrazeError(error, 'not-found'),
    ),
  );
  const editor = vscode.window.activeTextEditor;
  const position = editor?.selection.active;
  if (editor && position && segmentIdAt(editor.document.lineAt(position.line).text, position.character)?.id === id) {
    await vscode.commands.executeCommand('editor.action.showHover');
  } else {
    vscode.window.setStatusBarMessage(found ? '$(check) Braze answered: hover the id again to see it' : '$(warning) Braze still did not answer: hover the id for the reason', 5000);
  }
  return found;
}
