// What can be done with one segment, from the tree, a hover link or the palette: open its panel,
// copy its id, insert it at the cursor, open the Braze dashboard, ask Braze again. A tree row and a
// hover link name the segment's workspace; a bare id is found across the user's workspaces.
import * as vscode from 'vscode';
import { showInfo } from '../notify';
import { isBrazeError } from '../../braze/errors';
import { segmentIdAt } from '../../segments/idDetection';
import { forIconLabel } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import type { SegmentPanels } from '../panel/segmentPanels';
import { segmentTargetFrom, workspaceNameFrom } from '../tree/segmentTreeData';
import type { Workspaces } from '../workspaces';

/** The workspace the code in the active editor targets (`braze.workspace`), asked first. */
function preferredHere(workspaces: Workspaces): string | undefined {
  return workspaces.preferredFor(vscode.window.activeTextEditor?.document.uri);
}

export async function openSegment(panels: SegmentPanels, workspaces: Workspaces, arg: unknown, workspaceArg?: unknown): Promise<string | undefined> {
  const target = segmentTargetFrom(arg, workspaceArg);
  if (!target) return undefined;
  const { loaded } = await panels.show(target.id, { workspace: target.workspace, preferred: preferredHere(workspaces) });
  await loaded;
  return target.id;
}

export async function copySegmentId(arg: unknown): Promise<string | undefined> {
  const id = segmentTargetFrom(arg)?.id;
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied segment id {0}', forIconLabel(id)), 3000);
  return id;
}

/** Replaces every selection of the active editor with the id (inserts at each cursor). */
export async function insertSegmentId(arg: unknown): Promise<boolean> {
  const id = segmentTargetFrom(arg)?.id;
  const editor = vscode.window.activeTextEditor;
  if (!id) return false;
  if (!editor) {
    void showInfo(vscode.l10n.t('Open a file and place the cursor where the segment id should go.'));
    return false;
  }
  return editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, id);
  });
}

/**
 * Opens the Braze dashboard of the workspace `arg` names (its name, or a row of the view), else of
 * the current one; with several workspaces and none named, asks which.
 */
export async function openDashboard(workspaces: Workspaces, arg?: unknown): Promise<boolean> {
  const name = workspaceNameFrom(arg);
  const named = name === undefined ? undefined : workspaces.get(name);
  const workspace = named ?? (workspaces.several ? await pickDashboard(workspaces) : workspaces.current());
  if (workspace === null) return false; // the pick was dismissed
  if (!workspace) {
    void showInfo(workspaces.all.length ? vscode.l10n.t('No Braze dashboard is known for your workspaces.') : vscode.l10n.t('Select your Braze REST endpoint first: the dashboard is found from it.'));
    return false;
  }
  if (!workspace.dashboardUrl) {
    void showInfo(vscode.l10n.t('No Braze dashboard is known for {0}.', workspace.label));
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(workspace.dashboardUrl));
}

/**
 * The workspaces that have a dashboard, the current one first; one alone needs no asking. Null when
 * the user dismissed the pick, undefined when none has a dashboard.
 */
async function pickDashboard(workspaces: Workspaces): Promise<Workspace | null | undefined> {
  const preferred = preferredHere(workspaces);
  const candidates = workspaces.registry.ordered(preferred).filter((workspace) => workspace.dashboardUrl);
  if (candidates.length < 2) return candidates[0];
  const items = candidates.map((workspace) => ({ label: forIconLabel(workspace.name), description: forIconLabel(workspace.instance), workspace }));
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open Braze Dashboard'), placeHolder: vscode.l10n.t('Which workspace’s dashboard?') });
  return chosen ? chosen.workspace : null;
}

/**
 * A hover card's Retry: asks Braze again for the id (sent even while a 429 holds: the user asked):
 * the named workspace, or every workspace in turn until one knows it. Then shows the card again when
 * the cursor is on that id, or says in the status bar how it went. True when Braze answered.
 */
export async function retrySegment(workspaces: Workspaces, arg: unknown, workspaceArg?: unknown): Promise<boolean> {
  const target = segmentTargetFrom(arg, workspaceArg);
  if (!target) return false;
  const { id } = target;
  const workspace = target.workspace === undefined ? undefined : workspaces.get(target.workspace);
  const answered = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Braze: asking again…') }, () =>
    workspace ? askAgain(workspace, id) : askEveryWorkspace(workspaces, id),
  );
  const editor = vscode.window.activeTextEditor;
  const position = editor?.selection.active;
  if (editor && position && segmentIdAt(editor.document.lineAt(position.line).text, position.character)?.id === id) {
    await vscode.commands.executeCommand('editor.action.showHover');
  } else {
    vscode.window.setStatusBarMessage(answered ? vscode.l10n.t('$(check) Braze answered: hover the id again to see it') : vscode.l10n.t('$(warning) Braze still did not answer: hover the id for the reason'), 5000);
  }
  return answered;
}

/** Braze answered about `id` in `workspace`: its details, or that it has no such segment. */
function askAgain(workspace: Workspace, id: string): Promise<boolean> {
  return workspace.service.getDetails(id, { refresh: true, explicit: true }).then(
    () => true,
    (error: unknown) => isBrazeError(error, 'not-found'),
  );
}

/** Every workspace asked again in turn, until one knows `id`; true when they all answered. */
async function askEveryWorkspace(workspaces: Workspaces, id: string): Promise<boolean> {
  const resolution = await workspaces.resolver.resolve(id, { preferred: preferredHere(workspaces), refresh: true, explicit: true });
  return resolution.kind !== 'failed';
}
