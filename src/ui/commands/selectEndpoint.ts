// Braze: Select REST Endpoint. A quick pick of Braze's instances, or any Braze URL via "Other…".
import * as vscode from 'vscode';
import { showError, showInfo } from '../notify';
import { BRAZE_INSTANCES, checkEndpoint } from '../../braze/instances';
import type { Connection } from '../connection';
import { writeEndpointSetting } from '../settings';

interface EndpointPick extends vscode.QuickPickItem {
  url?: string;
}

/**
 * Resolves to the endpoint saved, or undefined when the user cancelled or the URL was refused.
 * `url` (from another command, a button or a test) skips the pick.
 */
export async function selectEndpoint(connection: Connection, url?: string): Promise<string | undefined> {
  const chosen = typeof url === 'string' ? url : await pickEndpoint(connection.endpoint);
  if (chosen === undefined) return undefined;
  const check = checkEndpoint(chosen);
  if (!check.ok) {
    void showError(`Braze REST endpoint not saved. ${check.reason}`);
    return undefined;
  }
  await writeEndpointSetting(check.endpoint);
  const hasKey = await connection.hasKey();
  const message = `Braze REST endpoint set to ${connection.instance} (${check.endpoint}).`;
  if (hasKey) {
    void showInfo(message);
  } else {
    void showInfo(`${message} Set the API key for this instance next.`, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('braze.setApiKey');
    });
  }
  return check.endpoint;
}

async function pickEndpoint(current: string | undefined): Promise<string | undefined> {
  const items: EndpointPick[] = BRAZE_INSTANCES.map((instance) => ({
    label: instance.id,
    description: instance.restUrl === current ? 'current' : undefined,
    detail: instance.restUrl,
    url: instance.restUrl,
  }));
  const custom = current && !BRAZE_INSTANCES.some((instance) => instance.restUrl === current);
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: 'Other…', description: custom ? `current: ${current}` : undefined, detail: 'Enter another REST endpoint URL' });
  const pick = await pickOne(items, items.find((item) => item.url !== undefined && item.url === current) ?? (custom ? items[items.length - 1] : undefined));
  if (!pick) return undefined;
  if (pick.url) return pick.url;
  return vscode.window.showInputBox({
    title: 'Braze REST Endpoint',
    prompt: 'The REST endpoint URL: https:// on braze.com or braze.eu, or http:// on this machine for a test server',
    placeHolder: 'https://rest.iad-01.braze.com',
    value: custom ? current : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const check = checkEndpoint(value);
      return check.ok ? undefined : check.reason;
    },
  });
}

/** The quick pick of instances, opened on the current one (showQuickPick always starts at the top). */
function pickOne(items: EndpointPick[], active: EndpointPick | undefined): Promise<EndpointPick | undefined> {
  const pick = vscode.window.createQuickPick<EndpointPick>();
  pick.title = 'Braze REST Endpoint';
  pick.placeholder = 'Your instance is in Braze under Settings > APIs and Identifiers (e.g. US-03, EU-01)';
  pick.matchOnDetail = true;
  pick.items = items;
  if (active) pick.activeItems = [active];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
