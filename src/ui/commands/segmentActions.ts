// What can be done with one segment, from the tree, a hover link or the palette: open its panel,
// copy its id, insert it at the cursor, open the Braze dashboard.
import * as vscode from 'vscode';
import { showInfo } from '../notify';
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
