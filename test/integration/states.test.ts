// Every state the user sees is true and leads somewhere (issue "first day"), in the real extension
// host: the first hover on a listed id, a failed list load with its cause and its own recovery, a
// refresh that failed, the status bar through failures and rate limits, key setup, hover wording,
// the filter, the palette, the log, and no request for a UUID the complete list lacks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, generateWorkspace } from '../server/fixtures';
import { EXTENSION_ID, closeAllEditors, endpointSetting, readLog, setKey, useBrazeServer, waitFor, workspace } from './helpers';

async function hoverText(language: string, content: string, id: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const position = document.positionAt(content.indexOf(id) + 5);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (content instanceof vscode.MarkdownString ? content.value : String(content)))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

describe('Truthful states', () => {
  const ctx = useBrazeServer();
  const generated = generateWorkspace(30, 7);
  const roots = () => ctx.api.segmentsTree.tree.getChildren();

  before(async () => {
    ctx.server.setSegments([...ctx.server.segments, ...generated]);
    assert.equal(await setKey(KEYS.all), 'saved');
    await vscode.commands.executeCommand('workbench.view.extension.braze');
    await vscode.commands.executeCommand('braze.refreshSegments');
  });
  afterEach(async () => {
    Object.assign(ctx.server, { serverErrors: 0, delayMs: 0, rateLimitedUntil: undefined, extraHeaders: {} });
    ctx.api.segmentsTree.setFilter(undefined);
    await closeAllEditors();
  });

  it('shows the details on the first hover over a listed id, not its name with "loading details…"', async () => {
    const listed = generated[3];
    assert.ok(workspace(ctx).service.summary(listed.id), 'the id is not listed');
    assert.equal(workspace(ctx).service.peek(listed.id), undefined, 'its details are cached already');
    ctx.server.delayMs = 300;
    const text = await hoverText('typescript', `const audience = '${listed.id}';`, listed.id);
    assert.ok(text.includes(listed.description!), text);
    assert.doesNotMatch(text, /loading details/);
  });

  it('shows why the first load failed with Retry, and loads by itself when the rate limit resets', async () => {
    workspace(ctx).catalog.clear();
    ctx.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 2;
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.equal(await ctx.api.segmentsTree.tree.emptyState(), 'rateLimited');
    // A view message hides the welcome content and its Retry / Show Log buttons.
    assert.ok(!ctx.api.segmentsTree.view.message, `a view message (${ctx.api.segmentsTree.view.message}) hides the welcome`);
    const welcome = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { viewsWelcome: Array<{ when: string; contents: string }> } }).contributes.viewsWelcome;
    const content = welcome.find((entry) => entry.when === 'braze.segments.state == rateLimited')?.contents ?? '';
    assert.match(content, /\(command:braze\.refreshSegments\)/);
    await waitFor('the list loaded again after the reset', () => roots().filter((node) => node.kind === 'segment').length > 30, 10_000);
    assert.equal(workspace(ctx).catalog.state.error, undefined);
  });

  it("says a failed refresh shows the previous load's rows, and offers Retry on the first row", async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    const count = workspace(ctx).catalog.state.segments.length;
    ctx.server.serverErrors = -1; // every try: the client retries a 5xx
    await vscode.commands.executeCommand('braze.refreshSegments');
    ctx.server.serverErrors = 0;
    const [first] = roots();
    assert.equal(first.kind, 'notice');
    assert.ok(first.kind === 'notice');
    assert.equal(first.label, 'Refresh failed');
    assert.match(first.detail, new RegExp(`Braze had a server error \\(503\\)[^]*Showing the ${count} segments loaded`));
    assert.doesNotMatch(first.detail, /loading the rest/);
    const item = ctx.api.segmentsTree.tree.getTreeItem(first);
    assert.equal(item.command?.command, 'braze.refreshSegments');
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.notEqual(roots()[0].kind, 'notice', 'the notice stays after the server recovered');
  });

  it('turns the status bar red while requests fail, and green again once Braze answers', async () => {
    workspace(ctx).service.clear();
    const id = generated[5].id;
    ctx.server.serverErrors = -1;
    await vscode.commands.executeCommand('braze.lookupSegment', id);
    await waitFor('the failure in the status bar', () => ctx.api.statusBar.shown.text.startsWith('$(error)'));
    assert.match(ctx.api.statusBar.shown.tooltip, /The last request failed at .*Braze had a server error \(503\)/);
    assert.match(ctx.api.statusBar.shown.label, /last request failed/);
    ctx.server.serverErrors = 0;
    await vscode.commands.executeCommand('braze.lookupSegment', generated[6].id);
    await waitFor('the success in the status bar', () => ctx.api.statusBar.shown.text.startsWith('$(pass)'));
    assert.match(ctx.api.statusBar.shown.tooltip, /Braze answered at/);
  });

  it('says "rate limit reached" at 0 left, and that background work pauses under 5%', async () => {
    workspace(ctx).service.clear();
    const reset = String(Math.floor(Date.now() / 1000) + 600);
    ctx.server.extraHeaders = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
    await vscode.commands.executeCommand('braze.lookupSegment', generated[7].id);
    await waitFor('the used-up budget in the status bar', () => /rate limit reached/.test(ctx.api.statusBar.shown.tooltip));
    assert.doesNotMatch(ctx.api.statusBar.shown.tooltip, /close to its Braze rate limit/);
    ctx.server.extraHeaders = { 'x-ratelimit-remaining': '9000', 'x-ratelimit-reset': reset };
    await vscode.commands.executeCommand('braze.lookupSegment', generated[8].id);
    await waitFor('the pause in the status bar', () => /Background refreshes are paused until/.test(ctx.api.statusBar.shown.tooltip));
    ctx.server.resetRecords();
    workspace(ctx).service.prefetch(generated[9].id); // background work: held back
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(ctx.server.requestCount('/segments/details', generated[9].id), 0, 'a background request went out on a low budget');
    await vscode.commands.executeCommand('braze.lookupSegment', generated[9].id); // what the user asks for still goes
    assert.equal(ctx.server.requestCount('/segments/details', generated[9].id), 1);
  });

  it('does not save a key without any permission over a working one, and logs every key check', async () => {
    assert.equal(await setKey(KEYS.none), 'no-permissions');
    assert.equal(await ctx.api.keys.get(ctx.server.url), KEYS.all, 'the working key was replaced');
    const log = await waitFor('the key check in the log', async () => {
      const text = await readLog(ctx.api.logUri);
      return /none of the segment permissions\. Not saved\./.test(text) ? text : undefined;
    });
    assert.match(log, /Checked an API key for .*: it can read segment details, lists and sizes\. Saved\./);
  });

  it('logs the start-up and every change of a Braze setting', async () => {
    await vscode.workspace.getConfiguration('braze').update('requestTimeoutSeconds', 11, vscode.ConfigurationTarget.Global);
    try {
      const log = await waitFor('the setting change in the log', async () => {
        const text = await readLog(ctx.api.logUri);
        return text.includes('Setting braze.requestTimeoutSeconds is now 11.') ? text : undefined;
      });
      assert.match(log, /Braze Segments \d+\.\d+\.\d+ started in /);
    } finally {
      await vscode.workspace.getConfiguration('braze').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('offers Retry on a failed hover, and Retry brings the segment once Braze is back', async () => {
    workspace(ctx).service.clear();
    const segment = generated[10];
    const content = `segment_id = "${segment.id}"`;
    ctx.server.serverErrors = -1;
    assert.match(await hoverText('python', content, segment.id), /Braze had a server error \(503\)[^]*\[Retry\]\(command:braze\.retrySegment/);
    ctx.server.serverErrors = 0;
    assert.equal(await vscode.commands.executeCommand('braze.retrySegment', segment.id), true);
    assert.ok((await hoverText('python', content, segment.id)).includes(segment.description!));
  });

  it('says to select the instance, not to set a key, when no endpoint is set', async () => {
    const url = endpointSetting();
    await vscode.workspace.getConfiguration('braze').update('restEndpoint', undefined, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the endpoint unset', () => ctx.api.workspaces.all.length === 0 && !ctx.api.settings.restEndpoint);
      const text = await hoverText('python', `segment_id = "${generated[11].id}"`, generated[11].id);
      assert.match(text, /\[Select your Braze instance\]\(command:braze\.selectEndpoint\)/);
      await ctx.api.statusBar.update();
      assert.equal(ctx.api.statusBar.shown.label, 'Braze: no REST endpoint set');
    } finally {
      await vscode.workspace.getConfiguration('braze').update('restEndpoint', url, vscode.ConfigurationTarget.Global);
      await waitFor('the endpoint back', () => ctx.api.workspaces.all.length === 1 && ctx.api.workspaces.all[0].endpoint === url);
    }
  });

  it('names the cache setting "Minutes", and still honours the old braze.cache.ttlMinutes', async () => {
    const config = () => vscode.workspace.getConfiguration('braze');
    const id = generated[12].id;
    await vscode.commands.executeCommand('braze.lookupSegment', id);
    try {
      await config().update('cache.ttlMinutes', 0, vscode.ConfigurationTarget.Global);
      await waitFor('the old setting applied', () => workspace(ctx).service.peek(id)?.stale === true);
      await config().update('cache.minutes', 30, vscode.ConfigurationTarget.Global);
      await waitFor('the new setting winning', () => workspace(ctx).service.peek(id)?.stale === false);
    } finally {
      await config().update('cache.ttlMinutes', undefined, vscode.ConfigurationTarget.Global);
      await config().update('cache.minutes', undefined, vscode.ConfigurationTarget.Global);
    }
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { configuration: { properties: Record<string, { deprecationMessage?: string }> } } }).contributes.configuration.properties;
    assert.ok(contributed['braze.cache.minutes'], 'braze.cache.minutes is not contributed');
    assert.match(contributed['braze.cache.ttlMinutes'].deprecationMessage ?? '', /braze\.cache\.minutes/);
  });

  it('says the active filter in the view', async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    ctx.api.segmentsTree.setFilter('winback');
    assert.match(ctx.api.segmentsTree.view.message ?? '', /^Filtered by “winback”: \d+ of \d+ segments\.$/);
  });

  it('offers Filter, Group and Clear Filter in the palette, and the dashboard only where one exists', () => {
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus;
    const palette = new Map(menus.commandPalette.map((entry) => [entry.command, entry.when]));
    assert.equal(palette.get('braze.filterSegments'), undefined, 'Filter Segments is hidden from the palette');
    assert.equal(palette.get('braze.groupSegmentsByTag'), '!braze.segments.grouped');
    assert.equal(palette.get('braze.clearSegmentFilter'), 'braze.segments.filtered');
    assert.equal(palette.get('braze.openDashboard'), 'braze.hasDashboard');
    assert.ok(menus['view/item/context'].filter((entry) => entry.command === 'braze.openDashboard').every((entry) => entry.when?.includes('braze.hasDashboard')));
  });

  it('costs no request for a UUID next to the word "segment" that the complete list lacks', async () => {
    await vscode.commands.executeCommand('braze.refreshSegments');
    assert.ok(workspace(ctx).service.listComplete, 'the list is not complete');
    ctx.server.resetRecords();
    const stranger = '0d1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const content = ['# segment sync job', `RUN_ID = "${stranger}"`].join('\n');
    assert.equal(await hoverText('python', content, stranger), '');
    assert.equal(ctx.server.requestCount('/segments/details'), 0);
  });
});
