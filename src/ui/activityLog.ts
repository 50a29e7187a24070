// Lines in the Braze log that are not requests: what started with which workspaces, and every change
// of a Braze setting, so that a log pasted into a support ticket says what was in force. Settings hold
// no secrets (the keys live in SecretStorage), so their values are written as they are.
import * as vscode from 'vscode';
import type { IDisposable } from '../common/lifecycle';
import type { BrazeLog } from './log';
import type { Settings } from './settings';
import type { Workspaces } from './workspaces';

export function logStartup(log: BrazeLog, workspaces: Workspaces, extensionVersion: string): void {
  const described = workspaces.all.map((workspace) => `${workspace.label} (${workspace.endpoint})`);
  // eslint-disable-next-line no-restricted-syntax -- part of a log line
  const setup = described.length ? `Braze workspaces: ${described.join(', ')}` : 'no Braze workspace set up';
  log.info(`Braze Segments ${extensionVersion} started in ${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}); ${setup}.`);
  // Reading SecretStorage is local and cheap; it still runs after activation returns.
  for (const workspace of workspaces.all) {
    void workspace.hasKey().then((hasKey) => log.info(hasKey ? `An API key is stored for ${workspace.label}.` : `No API key is stored for ${workspace.label}.`));
  }
}

export function logConfigurationChanges(log: BrazeLog, settings: Settings): IDisposable {
  return settings.onDidChange(({ changed }) => {
    const section = vscode.workspace.getConfiguration();
    for (const key of changed) log.info(`Setting ${key} is now ${JSON.stringify(section.get(key))}.`);
  });
}
