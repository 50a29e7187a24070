// Braze: Select REST Endpoint: the instance of the one-workspace setup (`braze.restEndpoint`). A quick
// pick of Braze's instances, or any Braze URL via "Other…"; Add Workspace uses the same pick.
import * as vscode from 'vscode';
import { showError, showInfo } from '../notify';
import { BRAZE_INSTANCES, checkEndpoint, instanceLabel } from '../../braze/instances';
import { COMMANDS } from '../commandIds';
import type { Settings } from '../settings';
import type { Workspaces } from '../workspaces';

interface EndpointPick extends vscode.QuickPickItem {
  url?: string;
}

/**
 * Resolves to the endpoint saved, or undefined when the user cancelled or the URL was refused.
 * `url` (from another command, a button or a test) skips the pick.
 */
export async function selectEndpoint(workspaces: Workspaces, settings: Settings, url?: unknown): Promise<string | undefined> {
  const current = settings.restEndpoint || undefined;
  const chosen = typeof url === 'string' ? url : await pickEndpoint(current, vscode.l10n.t('Braze REST Endpoint'));
  if (chosen === undefined) return undefined;
  const check = checkEndpoint(chosen);
  if (!check.ok) {
    void showError(vscode.l10n.t('Braze REST endpoint not saved. {0}', check.reason));
    return undefined;
  }
  await settings.writeRestEndpoint(check.endpoint);
  workspaces.sync();
  const workspace = workspaces.all.find((candidate) => candidate.keyId === check.endpoint);
  const label = instanceLabel(check.endpoint);
  if (workspace && (await workspace.hasKey())) {
    void showInfo(vscode.l10n.t('Braze REST endpoint set to {0} ({1}).', label, check.endpoint));
  } else {
    const setKey = vscode.l10n.t('Set API Key');
    void showInfo(vscode.l10n.t('Braze REST endpoint set to {0} ({1}). Set the API key for this instance next.', label, check.endpoint), setKey).then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.setApiKey, undefined, workspace?.name);
    });
  }
  return check.endpoint;
}

/** The instance pick, opened on `current`; then, for Other…, the URL. */
export async function pickEndpoint(current: string | undefined, title: string): Promise<string | undefined> {
  const items: EndpointPick[] = BRAZE_INSTANCES.map((instance) => ({
    label: instance.id,
    description: instance.restUrl === current ? vscode.l10n.t({ message: 'current', args: [], comment: ['Marks the REST endpoint in use'] }) : undefined,
    detail: instance.restUrl,
    url: instance.restUrl,
  }));
  const custom = current && !BRAZE_INSTANCES.some((instance) => instance.restUrl === current);
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: vscode.l10n.t('Other…'), description: custom ? vscode.l10n.t('current: {0}', current) : undefined, detail: vscode.l10n.t('Enter another REST endpoint URL') });
  const pick = await pickOne(title, items, items.find((item) => item.url !== undefined && item.url === current) ?? (custom ? items[items.length - 1] : undefined));
  if (!pick) return undefined;
  if (pick.url) return pick.url;
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The REST endpoint URL: https:// on braze.com or braze.eu, or http:// on this machine for a test server'),
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
function pickOne(title: string, items: EndpointPick[], active: EndpointPick | undefined): Promise<EndpointPick | undefined> {
  const pick = vscode.window.createQuickPick<EndpointPick>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Your instance is in Braze under Settings > APIs and Identifiers (e.g. US-03, EU-01)');
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
