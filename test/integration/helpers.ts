// Shared by the integration tests (each *.test.ts is its own bundle, so nothing here holds state
// shared across files): the extension's test API, a Braze test server per file, and polling helpers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrazeSegmentsApi } from '../../src/extension';
import type { Workspace } from '../../src/segments/workspace';
import { BrazeTestServer } from '../server/brazeServer';

export const EXTENSION_ID = 'braze-segments.braze-segments';

/** The test handles activate() returns when VS Code runs the extension's tests (and only then). */
export async function activateExtension(): Promise<BrazeSegmentsApi> {
  const extension = vscode.extensions.getExtension<BrazeSegmentsApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned no test handles: is this run in ExtensionMode.Test?');
  return api;
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function endpointSetting(): string | undefined {
  return vscode.workspace.getConfiguration('braze').inspect<string>('restEndpoint')?.globalValue;
}

/** Points the extension at `url` through its own command, and waits until the setting reads back. */
export async function useEndpoint(url: string): Promise<string> {
  const saved = await vscode.commands.executeCommand<string | undefined>('braze.selectEndpoint', url);
  assert.equal(saved, url);
  await waitFor(`braze.restEndpoint = ${url}`, () => endpointSetting() === url);
  return url;
}

export async function setKey(key: string): Promise<string> {
  return vscode.commands.executeCommand<string>('braze.setApiKey', key);
}

export interface BrazeServerContext {
  server: BrazeTestServer;
  api: BrazeSegmentsApi;
}

/**
 * The one workspace of the one-endpoint setup (`braze.restEndpoint`), read afresh: a new endpoint
 * makes a new Workspace object (and a new cache, list and rate limit), so never keep one across an
 * endpoint change.
 */
export function workspace(ctx: BrazeServerContext): Workspace {
  const all = ctx.api.workspaces.all;
  assert.equal(all.length, 1, `expected the one-endpoint setup, found the workspaces ${JSON.stringify(all.map((w) => w.name))}`);
  return all[0];
}

function workspacesSetting(): unknown {
  return vscode.workspace.getConfiguration('braze').inspect<unknown>('workspaces')?.globalValue;
}

/** A Braze test server for the current `describe`, on a random port, and the extension pointed at it. */
export function useBrazeServer(): BrazeServerContext {
  const context = {} as BrazeServerContext;
  before(async () => {
    context.api = await activateExtension();
    context.server = await BrazeTestServer.start();
    await useEndpoint(context.server.url);
    await waitFor(`the workspace of ${context.server.url}`, () => context.api.workspaces.all.some((w) => w.endpoint === context.server.url));
  });
  after(async () => {
    await closeAllEditors();
    // No workspace added here leaks into the next file, which starts as the one-endpoint setup: each
    // added one is removed with its key, and whatever is left of braze.workspaces is cleared.
    for (const added of context.api?.workspaces.all.filter((w) => w.keyId !== w.endpoint) ?? []) {
      await vscode.commands.executeCommand('braze.removeWorkspace', added.name, { confirmed: true });
    }
    if (workspacesSetting() !== undefined) {
      await vscode.workspace.getConfiguration('braze').update('workspaces', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('braze.workspaces cleared', () => workspacesSetting() === undefined);
    }
    await waitFor('at most the one-endpoint workspace', () => (context.api?.workspaces.all.length ?? 0) <= 1);
    await context.server?.close();
  });
  return context;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The tab of a segment detail panel whose label is `label`, once the workbench shows it. */
export function findPanelTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('braze.segmentDetails') && tab.label === label);
}

/** Everything the "Braze" log has written to its files so far ('' before the first line). */
export async function readLog(logUri: vscode.Uri): Promise<string> {
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(logUri);
  } catch {
    return ''; // not written yet
  }
  const texts = await Promise.all(
    entries
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.log'))
      .map(async ([name]) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(logUri, name)))),
  );
  return texts.join('\n');
}
