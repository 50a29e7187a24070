// Braze: Set API Key and Braze: Clear API Key, for one workspace (asked for when there are several).
// The key is checked with Braze before it replaces the one in use; a rejected key is only saved when
// the user says so.
import * as vscode from 'vscode';
import { showError, showWarning, showInfo } from '../notify';
import { forNotification } from '../../segments/inertText';
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
    void showError(vscode.l10n.t('Braze API key not saved. {0}', problem));
    return 'invalid';
  }
  return checkAndSave(deps, workspace, key);
}

function askForKey(instance: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Braze REST API Key for {0}', instance),
    prompt: vscode.l10n.t("Paste a REST API key of your {0} workspace (Settings > APIs and Identifiers). It needs segments.details, segments.list and segments.data_series. It is kept in VS Code's secret storage.", instance),
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
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with {0}…', instance) },
    () => checkKey(client),
  );
  // What happens to the key in use when this one is not saved: say only what is true.
  const kept = (await keys.get(keyId)) ? vscode.l10n.t('Your previous key is kept.') : vscode.l10n.t('No key was saved.');
  switch (check.outcome) {
    case 'valid':
      log.info(`Checked an API key for ${instance}: it can read segment details, lists and sizes. Saved.`);
      await keys.set(keyId, key);
      void showInfo(vscode.l10n.t('Braze API key saved for {0}. It can read segment details, lists and sizes.', instance));
      return 'saved';
    case 'lacking':
      if (check.missing.length >= ALL_PERMISSIONS) {
        // A key that can do nothing here is no improvement on any key: not saved unless the user insists.
        log.warn(`Checked an API key for ${instance}: it has none of the segment permissions. Not saved.`);
        offerToSaveAnyway(keys, workspace, key, vscode.l10n.t('This key has none of the permissions Braze Segments uses ({0}), so nothing would work with it. {1}', listPermissions(check.missing), kept));
        return 'no-permissions';
      }
      log.info(`Checked an API key for ${instance}: it lacks ${listPermissions(check.missing)}. Saved.`);
      await keys.set(keyId, key);
      void showWarning(vscode.l10n.t('Braze API key saved for {0}. It lacks {1}, so {2}', instance, listPermissions(check.missing), consequences(check.missing)));
      return 'saved-lacking';
    case 'rejected':
      log.warn(`Checked an API key for ${instance}: Braze rejected it (401). Not saved.`);
      offerToSaveAnyway(keys, workspace, key, vscode.l10n.t('Braze rejected this key for {0}: check the key, or the REST endpoint. {1}', instance, kept));
      return 'rejected';
    case 'unknown':
      log.warn(`Could not check an API key for ${instance}: ${check.error.message} Not saved.`);
      offerToSaveAnyway(keys, workspace, key, vscode.l10n.t('The key could not be checked. {0} {1}', describeError(check.error, instance).message, kept));
      return 'unverified';
  }
}

/**
 * Deletes a workspace's key from this machine, after asking (a modal: hovers, the panel and the view
 * stop working for that workspace until a key is set again). `workspaceName` names it (a tree row, the
 * status bar menu); `options.confirmed` skips the question (tests), as Remove Workspace does.
 */
export async function clearApiKey(deps: ApiKeyDeps, workspaceName?: unknown, options?: { confirmed?: boolean }): Promise<boolean> {
  const { workspaces, keys } = deps;
  if (!workspaces.all.length) {
    void showInfo(vscode.l10n.t('No Braze workspace is set up, so no API key is stored.'));
    return false;
  }
  const workspace = await pickWorkspace(workspaces, vscode.l10n.t('Clear the API Key of…'), workspaceName);
  if (!workspace) return false;
  if (!(await keys.get(workspace.keyId))) {
    void showInfo(vscode.l10n.t('No Braze API key is stored for {0}.', workspace.label));
    return false;
  }
  if (!options?.confirmed && !(await confirmClear(workspace))) return false;
  await keys.delete(workspace.keyId);
  void showInfo(vscode.l10n.t('Braze API key for {0} removed from this machine.', workspace.label));
  return true;
}

/** The modal before a key goes: what stops working, and that nothing else is lost. */
async function confirmClear(workspace: Workspace): Promise<boolean> {
  const clear = vscode.l10n.t({ message: 'Clear Key', args: [], comment: ['Button of the confirmation: deletes the stored API key'] });
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Clear the API key of {0}?', forNotification(workspace.label)),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The key is deleted from this machine: hovers, Look Up Segment, the detail panel and the Segments view stop showing {0}’s segments until you set a key again. The workspace itself stays; the key in Braze is not revoked.',
        forNotification(workspace.name),
      ),
    },
    clear,
  );
  return answer === clear;
}

/** The workspace whose key is to be set; with none yet, the REST endpoint is chosen first. */
async function workspaceForKey(deps: ApiKeyDeps, workspaceName: unknown): Promise<Workspace | undefined> {
  const { workspaces } = deps;
  if (!workspaces.all.length) {
    const endpoint = await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectEndpoint);
    if (!endpoint) return undefined;
    return workspaces.all.find((workspace) => workspace.keyId === endpoint);
  }
  const workspace = await pickWorkspace(workspaces, vscode.l10n.t('Set the API Key of…'), workspaceName);
  if (!workspace && typeof workspaceName === 'string') void showError(vscode.l10n.t('Braze API key not saved: you have no workspace named "{0}".', workspaceName));
  return workspace;
}

/** Not awaited: the command ends now, and the choice is honoured whenever the user makes it. */
function offerToSaveAnyway(keys: ApiKeyStore, workspace: Workspace, key: string, message: string): void {
  const another = vscode.l10n.t('Try Another Key');
  const anyway = vscode.l10n.t('Save Anyway');
  void showError(message, another, anyway).then(async (choice) => {
    if (choice === anyway) {
      await keys.set(workspace.keyId, key);
      void showWarning(vscode.l10n.t('Braze API key saved for {0} without a successful check.', workspace.label));
    } else if (choice === another) {
      void vscode.commands.executeCommand(COMMANDS.setApiKey, undefined, workspace.name);
    }
  });
}

function consequences(missing: string[]): string {
  const effects: string[] = [];
  if (missing.includes('segments.details')) effects.push(vscode.l10n.t('hovers and lookups cannot show segments'));
  if (missing.includes('segments.list')) effects.push(vscode.l10n.t('the Segments view cannot list them (hover and lookup by id still work)'));
  if (missing.includes('segments.data_series')) effects.push(vscode.l10n.t('the detail panel cannot chart sizes'));
  const add =
    missing.length === 1
      ? vscode.l10n.t('Add it to the key in Braze (Settings > APIs and Identifiers) to use every feature.')
      : vscode.l10n.t('Add them to the key in Braze (Settings > APIs and Identifiers) to use every feature.');
  return `${effects.join('; ')}. ${add}`;
}
