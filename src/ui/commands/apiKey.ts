// Braze: Set API Key and Braze: Clear API Key, for one workspace (asked for when there are several).
// The key is checked with Braze before it replaces the one in use; a rejected key is only saved when
// the user says so.
import * as vscode from 'vscode';
import { showError, showWarning, showInfo } from '../notify';
import { checkKey, listPermissions } from '../../segments/keyCheck';
import { describeError } from '../../segments/errorText';
import { apiKeyProblem, cleanApiKey } from '../../braze/apiKey';
import type { Workspace } from '../../segments/workspace';
import type { ApiKeyStore } from '../apiKeyStore';
import type { BrazeClients } from '../brazeClients';
import { COMMANDS } from '../commandIds';
import type { BrazeLog } from '../log';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';
import { pickWorkspace } from './pickWorkspace';

export interface ApiKeyDeps {
  workspaces: Workspaces;
  keys: ApiKeyStore;
  clients: BrazeClients;
  settings: Settings;
  log: BrazeLog;
}

export type SetKeyOutcome = 'saved' | 'saved-lacking' | 'rejected' | 'no-permissions' | 'unverified' | 'invalid' | 'cancelled';

const ALL_PERMISSIONS = 3;

/**
 * `provided` (from a test or another command) skips the input box; `workspaceName` (a tree row, a
 * hover link, Add Workspace) skips the pick of a workspace.
 */
export async function setApiKey(deps: ApiKeyDeps, provided?: unknown, workspaceName?: unknown): Promise<SetKeyOutcome> {
  const workspace = await workspaceForKey(deps, workspaceName);
  if (!workspace) return 'cancelled';
  const typed = typeof provided === 'string' ? provided : await askForKey(workspace.label);
  if (typed === undefined) return 'cancelled';
  const key = cleanApiKey(typed);
  if (!key) return 'cancelled';
  const problem = apiKeyProblem(key);
  if (problem) {
    void showError(`Braze API key not saved. ${problem}`);
    return 'invalid';
  }
  return checkAndSave(deps, workspace, key);
}

function askForKey(instance: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Braze REST API Key for ${instance}`,
    prompt: `Paste a REST API key of your ${instance} workspace (Settings > APIs and Identifiers). It needs segments.details, segments.list and segments.data_series. It is kept in VS Code's secret storage.`,
    password: true,
    ignoreFocusOut: true,
    // The reason shows in the box as the user types; nothing that cannot be a key leaves it.
    validateInput: (value) => apiKeyProblem(cleanApiKey(value)),
  });
}

/** Asks Braze what the key can do, then saves it, or says why not and offers to save it anyway. */
async function checkAndSave(deps: ApiKeyDeps, workspace: Workspace, key: string): Promise<SetKeyOutcome> {
  const { keys, clients, settings, log } = deps;
  const { keyId, label: instance } = workspace;
  const client = clients.create(workspace.endpoint, key, settings.requestTimeoutMs);
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${instance}…` },
    () => checkKey(client),
  );
  // What happens to the key in use when this one is not saved: say only what is true.
  const kept = (await keys.get(keyId)) ? 'Your previous key is kept.' : 'No key was saved.';
  switch (check.outcome) {
    case 'valid':
      log.info(`Checked an API key for ${instance}: it can read segment details, lists and sizes. Saved.`);
      await keys.set(keyId, key);
      void showInfo(`Braze API key saved for ${instance}. It can read segment details, lists and sizes.`);
      return 'saved';
    case 'lacking':
      if (check.missing.length >= ALL_PERMISSIONS) {
        // A key that can do nothing here is no improvement on any key: not saved unless the user insists.
        log.warn(`Checked an API key for ${instance}: it has none of the segment permissions. Not saved.`);
        offerToSaveAnyway(keys, workspace, key, `This key has none of the permissions Braze Segments uses (${listPermissions(check.missing)}), so nothing would work with it. ${kept}`);
        return 'no-permissions';
      }
      log.info(`Checked an API key for ${instance}: it lacks ${listPermissions(check.missing)}. Saved.`);
      await keys.set(keyId, key);
      void showWarning(`Braze API key saved for ${instance}. It lacks ${listPermissions(check.missing)}, so ${consequences(check.missing)}`);
      return 'saved-lacking';
    case 'rejected':
      log.warn(`Checked an API key for ${instance}: Braze rejected it (401). Not saved.`);
      offerToSaveAnyway(keys, workspace, key, `Braze rejected this key for ${instance}: check the key, or the REST endpoint. ${kept}`);
      return 'rejected';
    case 'unknown':
      log.warn(`Could not check an API key for ${instance}: ${check.error.message} Not saved.`);
      offerToSaveAnyway(keys, workspace, key, `The key could not be checked. ${describeError(check.error, instance).message} ${kept}`);
      return 'unverified';
  }
}

export async function clearApiKey(deps: ApiKeyDeps, workspaceName?: unknown): Promise<boolean> {
  const { workspaces, keys } = deps;
  if (!workspaces.all.length) {
    void showInfo('No Braze workspace is set up, so no API key is stored.');
    return false;
  }
  const workspace = await pickWorkspace(workspaces, 'Clear the API Key of…', workspaceName);
  if (!workspace) return false;
  if (!(await keys.get(workspace.keyId))) {
    void showInfo(`No Braze API key is stored for ${workspace.label}.`);
    return false;
  }
  await keys.delete(workspace.keyId);
  void showInfo(`Braze API key for ${workspace.label} removed from this machine.`);
  return true;
}

/** The workspace whose key is to be set; with none yet, the REST endpoint is chosen first. */
async function workspaceForKey(deps: ApiKeyDeps, workspaceName: unknown): Promise<Workspace | undefined> {
  const { workspaces } = deps;
  if (!workspaces.all.length) {
    const endpoint = await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectEndpoint);
    if (!endpoint) return undefined;
    return workspaces.all.find((workspace) => workspace.keyId === endpoint);
  }
  const workspace = await pickWorkspace(workspaces, 'Set the API Key of…', workspaceName);
  if (!workspace && typeof workspaceName === 'string') void showError(`Braze API key not saved: you have no workspace named "${workspaceName}".`);
  return workspace;
}

/** Not awaited: the command ends now, and the choice is honoured whenever the user makes it. */
function offerToSaveAnyway(keys: ApiKeyStore, workspace: Workspace, key: string, message: string): void {
  void showError(message, 'Try Another Key', 'Save Anyway').then(async (choice) => {
    if (choice === 'Save Anyway') {
      await keys.set(workspace.keyId, key);
      void showWarning(`Braze API key saved for ${workspace.label} without a successful check.`);
    } else if (choice === 'Try Another Key') {
      void vscode.commands.executeCommand(COMMANDS.setApiKey, undefined, workspace.name);
    }
  });
}

function consequences(missing: string[]): string {
  const effects: string[] = [];
  if (missing.includes('segments.details')) effects.push('hovers and lookups cannot show segments');
  if (missing.includes('segments.list')) effects.push('the Segments view cannot list them (hover and lookup by id still work)');
  if (missing.includes('segments.data_series')) effects.push('the detail panel cannot chart sizes');
  return `${effects.join('; ')}. Add ${missing.length === 1 ? 'it' : 'them'} to the key in Braze (Settings > APIs and Identifiers) to use every feature.`;
}
