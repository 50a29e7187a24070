// Braze: Set API Key and Braze: Clear API Key. The key is checked with Braze before it replaces the
// one in use; a rejected key is only saved when the user says so.
import * as vscode from 'vscode';
import { showError, showWarning, showInfo } from '../notify';
import { checkKey, listPermissions } from '../../segments/keyCheck';
import { describeError } from '../../segments/errorText';
import { apiKeyProblem, cleanApiKey } from '../../braze/apiKey';
import type { ApiKeyStore } from '../apiKeyStore';
import type { Connection } from '../connection';
import type { BrazeLog } from '../log';
import { selectEndpoint } from './selectEndpoint';

export type SetKeyOutcome = 'saved' | 'saved-lacking' | 'rejected' | 'no-permissions' | 'unverified' | 'invalid' | 'cancelled';

const ALL_PERMISSIONS = 3;

/** `provided` (from a test or another command) skips the input box. */
export async function setApiKey(connection: Connection, keys: ApiKeyStore, log: BrazeLog, provided?: string): Promise<SetKeyOutcome> {
  const endpoint = connection.endpoint ?? (await selectEndpoint(connection));
  if (!endpoint) return 'cancelled';
  const instance = connection.instance;
  const typed =
    typeof provided === 'string'
      ? provided
      : await vscode.window.showInputBox({
          title: `Braze REST API Key for ${instance}`,
          prompt: `Paste a REST API key of your ${instance} workspace (Settings > APIs and Identifiers). It needs segments.details, segments.list and segments.data_series. It is kept in VS Code's secret storage.`,
          password: true,
          ignoreFocusOut: true,
          // The reason shows in the box as the user types; nothing that cannot be a key leaves it.
          validateInput: (value) => apiKeyProblem(cleanApiKey(value)),
        });
  if (typed === undefined) return 'cancelled';
  const key = cleanApiKey(typed);
  if (!key) return 'cancelled';
  const problem = apiKeyProblem(key);
  if (problem) {
    void showError(`Braze API key not saved. ${problem}`);
    return 'invalid';
  }

  const client = connection.createClient(endpoint, key);
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${instance}…` },
    () => checkKey(client),
  );
  // What happens to the key in use when this one is not saved: say only what is true.
  const kept = (await keys.get(endpoint)) ? 'Your previous key is kept.' : 'No key was saved.';
  switch (check.outcome) {
    case 'valid':
      log.info(`Checked an API key for ${instance}: it can read segment details, lists and sizes. Saved.`);
      await keys.set(endpoint, key);
      void showInfo(`Braze API key saved for ${instance}. It can read segment details, lists and sizes.`);
      return 'saved';
    case 'lacking':
      if (check.missing.length >= ALL_PERMISSIONS) {
        // A key that can do nothing here is no improvement on any key: not saved unless the user insists.
        log.warn(`Checked an API key for ${instance}: it has none of the segment permissions. Not saved.`);
        offerToSaveAnyway(keys, endpoint, key, `This key has none of the permissions Braze Segments uses (${listPermissions(check.missing)}), so nothing would work with it. ${kept}`);
        return 'no-permissions';
      }
      log.info(`Checked an API key for ${instance}: it lacks ${listPermissions(check.missing)}. Saved.`);
      await keys.set(endpoint, key);
      void showWarning(`Braze API key saved for ${instance}. It lacks ${listPermissions(check.missing)}, so ${consequences(check.missing)}`);
      return 'saved-lacking';
    case 'rejected':
      log.warn(`Checked an API key for ${instance}: Braze rejected it (401). Not saved.`);
      offerToSaveAnyway(keys, endpoint, key, `Braze rejected this key for ${instance}: check the key, or the REST endpoint. ${kept}`);
      return 'rejected';
    case 'unknown':
      log.warn(`Could not check an API key for ${instance}: ${check.error.message} Not saved.`);
      offerToSaveAnyway(keys, endpoint, key, `The key could not be checked. ${describeError(check.error, instance).message} ${kept}`);
      return 'unverified';
  }
}

export async function clearApiKey(connection: Connection, keys: ApiKeyStore): Promise<boolean> {
  const endpoint = connection.endpoint;
  if (!endpoint || !(await keys.get(endpoint))) {
    void showInfo(`No Braze API key is stored for ${connection.instance}.`);
    return false;
  }
  await keys.delete(endpoint);
  void showInfo(`Braze API key for ${connection.instance} removed from this machine.`);
  return true;
}

/** Not awaited: the command ends now, and the choice is honoured whenever the user makes it. */
function offerToSaveAnyway(keys: ApiKeyStore, endpoint: string, key: string, message: string): void {
  void showError(message, 'Try Another Key', 'Save Anyway').then(async (choice) => {
    if (choice === 'Save Anyway') {
      await keys.set(endpoint, key);
      void showWarning('Braze API key saved without a successful check.');
    } else if (choice === 'Try Another Key') {
      void vscode.commands.executeCommand('braze.setApiKey');
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
