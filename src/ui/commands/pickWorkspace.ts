// Which workspace a command acts on: the one named by its argument (a tree row, a hover link, a
// test), the only one, or the user's pick of their names when there are several.
import * as vscode from 'vscode';
import { forIconLabel } from '../../segments/inertText';
import type { Workspace } from '../../segments/workspace';
import { workspaceNameFrom } from '../tree/segmentNodes';
import type { Workspaces } from '../workspaces';

interface WorkspacePick extends vscode.QuickPickItem {
  workspace: Workspace;
}

/**
 * The workspace `arg` names, else the only one, else the one picked (undefined when the user
 * cancelled or there is none). `only` narrows the choice (e.g. the workspaces with a key).
 */
export async function pickWorkspace(workspaces: Workspaces, title: string, arg?: unknown, only?: (workspace: Workspace) => boolean): Promise<Workspace | undefined> {
  const named = workspaceNameFrom(arg);
  if (named !== undefined) return workspaces.get(named);
  const candidates = workspaces.all.filter((workspace) => !only || only(workspace));
  if (candidates.length < 2) return candidates[0];
  const current = workspaces.current();
  const items: WorkspacePick[] = await Promise.all(
    candidates.map(async (workspace) => ({
      workspace,
      label: forIconLabel(workspace.name),
      description: workspace.name === workspace.instance ? workspace.endpoint : `${workspace.instance} · ${workspace.endpoint}`,
      detail: (await workspace.hasKey()) ? vscode.l10n.t('API key set') : vscode.l10n.t('No API key'),
    })),
  );
  const sorted = current ? [...items.filter((item) => item.workspace === current), ...items.filter((item) => item.workspace !== current)] : items;
  const pick = await vscode.window.showQuickPick(sorted, { title, placeHolder: vscode.l10n.t('Which Braze workspace?'), matchOnDescription: true });
  return pick?.workspace;
}
