// Braze: Add Workspace… and Braze: Remove Workspace…. A workspace is a name, an instance and a key:
// added in three steps (the name, the instance pick of Select REST Endpoint, the key checked as Set
// API Key checks it), removed with its key and its saved snapshot.
import * as vscode from 'vscode';
import { checkEndpoint, instanceLabel } from '../../braze/instances';
import { workspaceNameProblem } from '../../segments/workspaceConfigs';
import { showError, showInfo } from '../notify';
import { type ApiKeyDeps, type SetKeyOutcome, setApiKey } from './apiKey';
import { pickWorkspace } from './pickWorkspace';
import { pickEndpoint } from './selectEndpoint';

export interface AddWorkspaceResult {
  name: string;
  endpoint: string;
  key: SetKeyOutcome;
}

/** `name`, `endpoint` and `key` (from a test or a walkthrough) skip their steps. */
export async function addWorkspace(deps: ApiKeyDeps, name?: unknown, endpoint?: unknown, key?: unknown): Promise<AddWorkspaceResult | undefined> {
  const { workspaces } = deps;
  const taken = workspaces.names;
  const chosenName =
    typeof name === 'string'
      ? name
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Braze Workspace (1/3): Name'),
          prompt: vscode.l10n.t('A name for the workspace, as your team calls it. Hover cards and the Segments view show it.'),
          placeHolder: taken.length ? vscode.l10n.t('e.g. Staging') : vscode.l10n.t('e.g. Production'),
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() ? workspaceNameProblem(value, taken) : undefined),
        });
  if (chosenName === undefined || !chosenName.trim()) return undefined;
  const problem = workspaceNameProblem(chosenName, taken);
  if (problem) {
    void showError(vscode.l10n.t('Braze workspace not added. {0}', problem));
    return undefined;
  }
  const trimmed = chosenName.trim();
  // Production and Staging usually share a cluster: the pick opens on the instance already in use.
  const chosenUrl = typeof endpoint === 'string' ? endpoint : await pickEndpoint(workspaces.current()?.endpoint, vscode.l10n.t("Add Braze Workspace (2/3): {0}'s Instance", trimmed));
  if (chosenUrl === undefined) return undefined;
  const check = checkEndpoint(chosenUrl);
  if (!check.ok) {
    void showError(vscode.l10n.t('Braze workspace not added. {0}', check.reason));
    return undefined;
  }
  await workspaces.add(trimmed, check.endpoint);
  deps.log.info(`Added the Braze workspace ${trimmed} on ${instanceLabel(check.endpoint)} (${check.endpoint}).`);
  const outcome = await setApiKey(deps, key, trimmed);
  if (outcome === 'cancelled') {
    const setKey = vscode.l10n.t('Set API Key');
    void showInfo(vscode.l10n.t('Braze workspace {0} added without an API key. Set it with Braze: Set API Key to see its segments.', trimmed), setKey).then((choice) => {
      if (choice) void setApiKey(deps, undefined, trimmed);
    });
  }
  return { name: trimmed, endpoint: check.endpoint, key: outcome };
}

/**
 * Removes a workspace, its key and its snapshot from this machine. `arg` names it (a tree row, the
 * status bar menu, a test); `options.confirmed` skips the question (tests).
 */
export async function removeWorkspace(deps: ApiKeyDeps, arg?: unknown, options?: { confirmed?: boolean }): Promise<boolean> {
  const { workspaces } = deps;
  if (!workspaces.all.length) {
    void showInfo(vscode.l10n.t('No Braze workspace is set up.'));
    return false;
  }
  const workspace = await pickWorkspace(workspaces, vscode.l10n.t('Remove Braze Workspace'), arg);
  if (!workspace) {
    if (typeof arg === 'string') void showError(vscode.l10n.t('No Braze workspace is named "{0}".', arg));
    return false;
  }
  if (!options?.confirmed) {
    const remove = vscode.l10n.t({ message: 'Remove', args: [], comment: ['Button: removes the Braze workspace'] });
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the Braze workspace {0}?', workspace.label),
      { modal: true, detail: vscode.l10n.t('Its API key is deleted from this machine, and its segments leave the Segments view and hovers. Add it again at any time.') },
      remove,
    );
    if (answer !== remove) return false;
  }
  await workspaces.remove(workspace);
  deps.log.info(`Removed the Braze workspace ${workspace.label} and its API key.`);
  void showInfo(vscode.l10n.t('Braze workspace {0} removed, with its API key.', workspace.label));
  return true;
}
