// Lines in the Braze log that are not requests: what started with which configuration, and every
// change of a Braze setting, so that a log pasted into a support ticket says what was in force.
// Settings hold no secrets (the key lives in SecretStorage), so their values are written as they are.
import * as vscode from 'vscode';
import type { Connection } from './connection';
import type { BrazeLog } from './log';

export function logStartup(log: BrazeLog, connection: Connection, extensionVersion: string): void {
  const state = connection.endpointState();
  const endpoint = state.kind === 'ok' ? `${connection.instance} (${state.endpoint})` : state.kind === 'invalid' ? `unusable: ${state.reason}` : 'none set';
  log.info(`Braze Segments ${extensionVersion} started in ${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}); REST endpoint: ${endpoint}.`);
  // Reading SecretStorage is local and cheap; it still runs after activation returns.
  void connection.hasKey().then((hasKey) => log.info(hasKey ? `An API key is stored for ${connection.instance}.` : `No API key is stored for ${connection.instance}.`));
}

export function logConfigurationChanges(log: BrazeLog): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('braze')) return;
    const section = vscode.workspace.getConfiguration('braze');
    const changed = Object.keys(leafSettings(section)).filter((key) => event.affectsConfiguration(`braze.${key}`));
    for (const key of changed) log.info(`Setting braze.${key} is now ${JSON.stringify(section.get(key))}.`);
  });
}

/** `{ cache: { minutes: 10 } }` as `{ 'cache.minutes': 10 }`: the leaf settings of a section. */
function leafSettings(section: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const leaves: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (prefix) leaves[prefix] = value;
  };
  walk(JSON.parse(JSON.stringify(section)) as unknown, '');
  return leaves;
}
