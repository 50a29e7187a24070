// The REST endpoint and the API key, through the extension's own commands, stored where VS Code keeps
// secrets (SecretStorage), checked against the project's Braze test server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS } from '../server/fixtures';
import { endpointSetting, setKey, useBrazeServer, useEndpoint, waitFor, workspace } from './helpers';

describe('REST endpoint', () => {
  const ctx = useBrazeServer();

  afterEach(async () => {
    await useEndpoint(ctx.server.url); // whatever a test changed
  });

  it('refuses an https URL that is not a Braze host, and keeps the setting', async () => {
    const saved = await vscode.commands.executeCommand<string | undefined>('braze.selectEndpoint', 'https://rest.iad-01.braze.com.evil.example');
    assert.equal(saved, undefined);
    assert.equal(endpointSetting(), ctx.server.url);
    assert.equal(await vscode.commands.executeCommand('braze.selectEndpoint', 'https://example.com'), undefined);
    assert.equal(endpointSetting(), ctx.server.url);
  });

  it('refuses plain http anywhere but on loopback', async () => {
    for (const url of ['http://10.0.0.5:8080', 'http://rest.iad-01.braze.com', 'http://192.168.1.20']) {
      assert.equal(await vscode.commands.executeCommand('braze.selectEndpoint', url), undefined, url);
      assert.equal(endpointSetting(), ctx.server.url, url);
    }
  });

  it('accepts a Braze instance, normalised to its origin, in the user settings', async () => {
    const saved = await vscode.commands.executeCommand<string | undefined>('braze.selectEndpoint', 'https://rest.fra-02.braze.eu/');
    assert.equal(saved, 'https://rest.fra-02.braze.eu');
    await waitFor('the setting to change', () => endpointSetting() === 'https://rest.fra-02.braze.eu');
    // The workspace of the new endpoint replaced the test server's: read it afresh.
    await waitFor('the workspace of the new endpoint', () => ctx.api.workspaces.all[0]?.endpoint === 'https://rest.fra-02.braze.eu');
    assert.equal(workspace(ctx).instance, 'EU-02');
  });
});

describe('API key in SecretStorage', () => {
  const ctx = useBrazeServer();
  const stored = () => ctx.api.keys.get(ctx.server.url);

  before(async () => {
    await ctx.api.keys.delete(ctx.server.url);
  });

  it('saves a key that Braze accepts, checked with the server first', async () => {
    ctx.server.resetRecords();
    assert.equal(await setKey(KEYS.all), 'saved');
    assert.equal(await stored(), KEYS.all);
    assert.ok(ctx.server.requestCount('/segments/list') >= 1, 'the key was not checked with the server');
    assert.ok(ctx.server.requests.every((r) => r.key === KEYS.all), 'another key was sent while checking');
  });

  it('keeps the previous key when Braze rejects the new one', async () => {
    assert.equal(await stored(), KEYS.all);
    assert.equal(await setKey('wrong-key-0000'), 'rejected');
    assert.equal(await stored(), KEYS.all, 'the rejected key replaced the good one');
  });

  it('trims white space and quotes that come with a pasted key', async () => {
    assert.equal(await setKey(`  "${KEYS.noSeries}"\n`), 'saved-lacking');
    assert.equal(await stored(), KEYS.noSeries);
    assert.equal(await setKey(KEYS.all), 'saved');
  });

  it('saves a key that lacks a permission, and says so', async () => {
    assert.equal(await setKey(KEYS.noList), 'saved-lacking');
    assert.equal(await stored(), KEYS.noList);
  });

  it('keeps one key per endpoint', async () => {
    assert.equal(await ctx.api.keys.get('https://rest.iad-01.braze.com'), undefined);
    assert.equal(await stored(), KEYS.noList);
  });

  it('clears the key of the current endpoint', async () => {
    assert.equal(await vscode.commands.executeCommand('braze.clearApiKey', undefined, { confirmed: true }), true);
    assert.equal(await stored(), undefined);
    assert.equal(await workspace(ctx).hasKey(), false);
    assert.equal(await vscode.commands.executeCommand('braze.clearApiKey', undefined, { confirmed: true }), false, 'clearing twice');
  });
});
