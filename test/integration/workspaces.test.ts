// Several Braze workspaces on one cluster, in the real extension host: the one-endpoint setup of
// before plus a Staging workspace added with Braze: Add Workspace…, each with its own key. A hover
// finds a Staging-only id and names Staging; a Production id still is found; the Segments view has a
// root per workspace; a repository's .vscode/settings.json can pick a workspace among the user's own
// but never add one, and says so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, STAGING_KEYS, STAGING_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, setKey, useBrazeServer, waitFor } from './helpers';

async function hoverText(content: string, needle: string, uri?: vscode.Uri): Promise<string> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : await vscode.workspace.openTextDocument({ language: 'typescript', content });
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the document`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 5));
  return hovers
    .flatMap((hover) => hover.contents)
    .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString)
    .map((part) => part.value.replace(/\\(.)/g, '$1'))
    .join('\n');
}

/** The target of a card's Open details link with these arguments (the id, and its workspace when there are several). */
function openLink(args: readonly string[]): string {
  return `command:braze.openSegment?${encodeURIComponent(JSON.stringify(args))})`;
}

describe('Several Braze workspaces', () => {
  const ctx = useBrazeServer();
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const settingsFile = () => vscode.Uri.joinPath(folder(), '.vscode', 'settings.json');
  const names = () => ctx.api.workspaces.all.map((workspace) => workspace.name);

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
  });
  after(async () => {
    await vscode.workspace.fs.delete(settingsFile(), { useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('braze.removeWorkspace', 'Staging', { confirmed: true });
    await closeAllEditors();
  });

  it('starts as the one-endpoint setup: one workspace named after its instance, with its key', async () => {
    const [only] = ctx.api.workspaces.all;
    assert.equal(ctx.api.workspaces.all.length, 1);
    assert.match(only.name, /^127\.0\.0\.1:\d+$/);
    assert.equal(only.keyId, ctx.server.url, 'the key stays where it always was');
    assert.equal(await only.hasKey(), true);
    const text = await hoverText(`const segment_id = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID);
    assert.match(text, /Lapsed buyers \(EU\)/);
    assert.doesNotMatch(text, / · 127\.0\.0\.1:\d+ · /, 'a one-workspace card names no workspace');
    assert.ok(text.includes(openLink([KNOWN_SEGMENT_ID])), `its Open details link carries the id alone: ${text}`);
  });

  it('adds Staging on the same server with its own key, checked like Set API Key', async () => {
    const result = await vscode.commands.executeCommand<{ name: string; key: string }>('braze.addWorkspace', 'Staging', ctx.server.url, STAGING_KEYS.all);
    assert.deepEqual({ name: result?.name, key: result?.key }, { name: 'Staging', key: 'saved' });
    await waitFor('two workspaces', () => ctx.api.workspaces.all.length === 2);
    assert.deepEqual(names().slice(1), ['Staging']);
    const setting = vscode.workspace.getConfiguration('braze').inspect<unknown>('workspaces')?.globalValue;
    assert.deepEqual(setting, [{ name: 'Staging', restEndpoint: ctx.server.url }]);
    const staging = ctx.api.workspaces.get('Staging')!;
    assert.equal(await ctx.api.keys.get(staging.keyId), STAGING_KEYS.all);
    assert.equal(await ctx.api.keys.get(ctx.server.url), KEYS.all, "Production's key is untouched");
  });

  it('refuses a second workspace of the same name', async () => {
    const result = await vscode.commands.executeCommand('braze.addWorkspace', 'staging', ctx.server.url, STAGING_KEYS.all);
    assert.equal(result, undefined);
    assert.equal(ctx.api.workspaces.all.length, 2);
  });

  it('finds a Staging-only id in Staging and names it; a Production id is still found and named', async () => {
    const staging = ctx.api.workspaces.get('Staging')!;
    const asks = (id: string) => ctx.server.requests.filter((request) => request.query.segment_id === id).map((request) => request.key);
    const content = `const segment_id = '${STAGING_SEGMENT_ID}';`;
    // Whether the Segments view has loaded Staging's list by now is up to the view: both cases, in turn.
    // Without a list naming the id: Production first (the user's order), then Staging, which knows it.
    // (A load still running would name it again: it ends first.)
    await vscode.commands.executeCommand('braze.refreshSegments', 'Staging');
    staging.service.clear();
    ctx.server.resetRecords();
    const unlisted = await hoverText(content, STAGING_SEGMENT_ID);
    assert.match(unlisted, /Staging: QA testers/);
    assert.match(unlisted, /Staging · 127\.0\.0\.1:\d+/);
    assert.ok(unlisted.includes(openLink([STAGING_SEGMENT_ID, 'Staging'])), `its Open details link names Staging: ${unlisted}`);
    assert.deepEqual(asks(STAGING_SEGMENT_ID), [KEYS.all, STAGING_KEYS.all], 'Production (the user order), then Staging, which knew it');
    // With Staging's list loaded, the workspace whose list names the id is asked first, and alone.
    staging.service.clear();
    await vscode.commands.executeCommand('braze.refreshSegments', 'Staging');
    assert.ok(staging.service.summary(STAGING_SEGMENT_ID), "Staging's list does not name the id");
    ctx.server.resetRecords();
    const listed = await hoverText(content, STAGING_SEGMENT_ID);
    assert.match(listed, /Staging: QA testers/);
    assert.match(listed, /Staging · 127\.0\.0\.1:\d+/);
    assert.deepEqual(asks(STAGING_SEGMENT_ID), [STAGING_KEYS.all], 'the listing workspace first, and alone');
    const production = await hoverText(`const segment_id = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID);
    assert.match(production, /Lapsed buyers \(EU\)/);
    assert.match(production, /127\.0\.0\.1:\d+/);
    assert.doesNotMatch(production, /Staging/);
    assert.deepEqual(asks(KNOWN_SEGMENT_ID).filter((key) => key !== KEYS.all), [], 'Staging was asked about a Production id');
  });

  it('says which workspaces were asked about an id none of them knows', async () => {
    const text = await hoverText(`const segment_id = '${UNKNOWN_SEGMENT_ID}';`, UNKNOWN_SEGMENT_ID);
    assert.match(text, /No segment with this id in 127\.0\.0\.1:\d+ or Staging/);
  });

  it('shows one root per workspace in the Segments view, each with its own rows', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.braze');
    const tree = ctx.api.segmentsTree.tree;
    const roots = await waitFor('two workspace roots with their counts', async () => {
      const nodes = (await tree.getChildren()) ?? [];
      const items = await Promise.all(nodes.map((node) => tree.getTreeItem(node)));
      return items.length === 2 && items.every((item) => /segments?$/.test(String(item.description ?? ''))) ? { nodes, items } : undefined;
    }, 20_000);
    assert.deepEqual(roots.items.map((item) => item.label), [names()[0], 'Staging']);
    const stagingRows = await Promise.all(((await tree.getChildren(roots.nodes[1])) ?? []).map((node) => tree.getTreeItem(node)));
    assert.ok(stagingRows.some((item) => item.label === 'Staging: QA testers'), JSON.stringify(stagingRows.map((item) => item.label)));
    const productionRows = await Promise.all(((await tree.getChildren(roots.nodes[0])) ?? []).map((node) => tree.getTreeItem(node)));
    assert.ok(!productionRows.some((item) => String(item.label).startsWith('Staging:')), 'Production lists only its own segments');
  });

  it('says "2 workspaces" in the status bar, with a line per workspace', async () => {
    await closeAllEditors();
    const shown = await waitFor('the status bar naming two workspaces', () => (/2 workspaces/.test(ctx.api.statusBar.shown.text) ? ctx.api.statusBar.shown : undefined));
    assert.match(shown.tooltip, /Staging/);
    assert.match(shown.tooltip, /127\.0\.0\.1:\d+/);
  });

  it("ignores a repository's braze.workspaces and an unknown braze.workspace, and says why", async () => {
    const evil = { 'braze.workspaces': [{ name: 'Evil', restEndpoint: 'https://rest.evil.braze.com' }], 'braze.restEndpoint': 'https://rest.evil.braze.com', 'braze.workspace': 'Nope' };
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(evil)));
    await waitFor('the folder settings read', () => vscode.workspace.getConfiguration('braze').inspect('workspace')?.workspaceValue === 'Nope');
    // It changes nothing: no workspace added, no endpoint redirected.
    assert.deepEqual(names().slice(1), ['Staging'], 'no workspace was added');
    assert.equal(ctx.api.workspaces.all[0].endpoint, ctx.server.url, 'no endpoint was redirected');
    // And says why: the name it does not know, in the status bar too, and each user-only setting it tried.
    await waitFor('the status bar naming "Nope"', () => /"Nope"/.test(ctx.api.statusBar.shown.tooltip));
    let said: string[] = [];
    const problems = await waitFor('the problems said', () => {
      said = ctx.api.workspaces.problems();
      const text = said.join('\n');
      return /"Nope"/.test(text) && /braze\.workspaces/.test(text) && /braze\.restEndpoint/.test(text) ? text : undefined;
    }).catch((error: Error) => {
      const seen = ['workspaces', 'restEndpoint'].map((key) => `${key}: ${JSON.stringify(vscode.workspace.getConfiguration('braze').inspect(key))}`).join('; ');
      return assert.fail(`${error.message}; the problems said: ${JSON.stringify(said)}; the extension host reads ${seen}`);
    });
    assert.match(problems, /only your user settings can set/);
    assert.equal(new Set(said).size, said.length, `a problem is said twice: ${JSON.stringify(said)}`);
  });

  it("asks the folder's own workspace first when braze.workspace names one of yours", async () => {
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify({ 'braze.workspace': 'Staging' })));
    await waitFor('braze.workspace = Staging', () => ctx.api.workspaces.preferredFor(folder()) === 'Staging');
    const file = vscode.Uri.joinPath(folder(), 'audiences.ts');
    const unknownToBoth = 'aaaaaaaa-1111-4222-8333-444444444444';
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`export const segment_id = '${unknownToBoth}';\n`));
    ctx.server.resetRecords();
    await hoverText('', unknownToBoth, file);
    const order = ctx.server.requests.filter((request) => request.query.segment_id === unknownToBoth).map((request) => request.key);
    assert.deepEqual(order, [STAGING_KEYS.all, KEYS.all]);
  });

  it('keeps a 429 of Staging out of Production', async () => {
    const staging = ctx.api.workspaces.get('Staging')!;
    const production = ctx.api.workspaces.all[0];
    staging.service.clear();
    production.service.clear();
    ctx.server.useUpRateLimit(STAGING_KEYS.all);
    try {
      const text = await hoverText(`const segment_id = '${STAGING_SEGMENT_ID}';`, STAGING_SEGMENT_ID);
      assert.match(text, /rate limit/i);
      const again = await hoverText(`const segment_id = '${KNOWN_SEGMENT_ID}';`, KNOWN_SEGMENT_ID);
      assert.match(again, /Lapsed buyers \(EU\)/, 'Production still answers');
      assert.equal(production.lastOutcome?.ok, true);
      assert.equal(staging.lastOutcome?.ok, false);
    } finally {
      ctx.server.resetRateLimits();
    }
  });

  it('removes Staging with its key; the one left works as before', async () => {
    const staging = ctx.api.workspaces.get('Staging')!;
    assert.equal(await vscode.commands.executeCommand('braze.removeWorkspace', 'Staging', { confirmed: true }), true);
    await waitFor('one workspace', () => ctx.api.workspaces.all.length === 1);
    assert.equal(await ctx.api.keys.get(staging.keyId), undefined, "Staging's key is gone");
    assert.equal(await ctx.api.keys.get(ctx.server.url), KEYS.all);
    const text = await hoverText(`const segment_id = '${UNKNOWN_SEGMENT_ID}';`, UNKNOWN_SEGMENT_ID);
    assert.match(text, /No segment with this id in 127\.0\.0\.1:\d+\. It may be archived, or belong to another workspace\./);
  });
});
