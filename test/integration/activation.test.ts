// The extension loads in a real VS Code and everything it contributes is there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

describe('Extension', () => {
  it('activates and returns its test API', async () => {
    const api = await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'the extension is not active');
    for (const name of ['workspaces', 'panels', 'segmentsTree', 'keys', 'log', 'statusBar', 'settings', 'logUri'] as const) {
      assert.ok(api[name], `activate() returned no ${name}`);
    }
  });

  it('registers every command it contributes, each in the Braze category', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands;
    assert.ok(contributed.length >= 5, 'package.json contributes fewer than 5 commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], 'contributed but not registered');
    for (const id of ['braze.setApiKey', 'braze.clearApiKey', 'braze.selectEndpoint', 'braze.lookupSegment', 'braze.showLog']) {
      assert.ok(contributed.some((c) => c.command === id), `${id} is not contributed`);
    }
    assert.deepEqual(
      contributed.filter((c) => c.category !== 'Braze').map((c) => c.command),
      [],
      'commands outside the Braze category',
    );
  });

  it('declares braze.restEndpoint as an application setting', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const properties = (extension.packageJSON as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } }).contributes
      .configuration.properties;
    assert.equal(properties['braze.restEndpoint']?.scope, 'application');
  });
});
