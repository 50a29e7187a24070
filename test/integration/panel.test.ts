// Braze: Look Up Segment opens the detail panel (a webview, one per segment id) in the real workbench.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, MARKUP_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, findPanelTab, setKey, useBrazeServer, waitFor, workspace } from './helpers';

describe('Segment detail panel', () => {
  const ctx = useBrazeServer();

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
  });

  afterEach(async () => {
    ctx.server.serverErrors = 0;
    ctx.server.serverErrorsFor = undefined;
    ctx.server.delayMs = 0;
    await closeAllEditors();
  });

  /** The workspace's sample file (runIntegration.ts writes it), shown in the first column. */
  async function showCode(): Promise<vscode.TextEditor> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens a folder');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'segments.ts'));
    return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  }

  /** The column of a panel, once the workbench has told the extension host where it is. */
  function columnOf(panel: vscode.WebviewPanel): Promise<vscode.ViewColumn> {
    return waitFor('the panel to be placed in a column', () => panel.viewColumn);
  }

  /** The panel of `id` once its load has settled. */
  async function openPanel(id: string, refresh = false) {
    const { panel, loaded } = await ctx.api.panels.show(id, { refresh });
    await loaded;
    return panel;
  }

  it('opens for a known segment, titled with its name', async () => {
    ctx.server.resetRecords();
    const shown = await vscode.commands.executeCommand<string | undefined>('braze.lookupSegment', KNOWN_SEGMENT_ID);
    assert.equal(shown, KNOWN_SEGMENT_ID);
    const panel = ctx.api.panels.get(KNOWN_SEGMENT_ID);
    assert.ok(panel, 'no panel for the segment');
    const state = panel.current;
    assert.equal(state.loading, false);
    assert.equal(state.error, undefined);
    assert.equal(state.segment?.name, 'Lapsed buyers (EU)');
    assert.equal(state.segment?.textDescription, '90-day winback audience for EU customers who bought before but not in the last 90 days');
    assert.deepEqual(state.segment?.tags, ['winback', 'eu']);
    assert.deepEqual(state.segment?.teams, ['Lifecycle']);
    assert.equal(panel.panel.title, 'Lapsed buyers (EU)');
    assert.equal(panel.panel.viewType, 'braze.segmentDetails');
    await waitFor('a tab titled "Lapsed buyers (EU)"', () => findPanelTab('Lapsed buyers (EU)'));
    assert.equal(ctx.server.requestCount('/segments/details', KNOWN_SEGMENT_ID), 1);
  });

  it('reveals the open panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
    const first = ctx.api.panels.get(KNOWN_SEGMENT_ID)!.panel;
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
    assert.equal(ctx.api.panels.get(KNOWN_SEGMENT_ID)!.panel, first);
    // The extension host hears of the workbench's tabs a moment after the panel shows.
    await waitFor('a tab titled "Lapsed buyers (EU)"', () => findPanelTab('Lapsed buyers (EU)'));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Lapsed buyers (EU)');
    assert.equal(tabs.length, 1);
  });

  it('titles a segment named with markup with its literal text', async () => {
    await vscode.commands.executeCommand('braze.lookupSegment', MARKUP_SEGMENT_ID);
    const state = ctx.api.panels.get(MARKUP_SEGMENT_ID)!.current;
    assert.ok(state.segment?.name.startsWith('<img src=x onerror="alert(1)">'), state.segment?.name);
    assert.ok(ctx.api.panels.get(MARKUP_SEGMENT_ID)!.panel.title.startsWith('<img src=x'));
  });

  it('says when no segment has the id', async () => {
    await vscode.commands.executeCommand('braze.lookupSegment', UNKNOWN_SEGMENT_ID);
    const state = ctx.api.panels.get(UNKNOWN_SEGMENT_ID)!.current;
    assert.equal(state.segment, undefined);
    assert.match(state.error?.message ?? '', /No segment with this id/);
  });

  it('shows the missing segments.details permission as the error, with the fix', async () => {
    assert.equal(await setKey(KEYS.noDetails), 'saved-lacking');
    await waitFor('the no-details key in use', async () => (await ctx.api.keys.get(ctx.server.url)) === KEYS.noDetails);
    await vscode.commands.executeCommand('braze.lookupSegment', MANY_TAGS_SEGMENT_ID);
    const state = ctx.api.panels.get(MANY_TAGS_SEGMENT_ID)!.current;
    assert.equal(state.loading, false);
    assert.equal(state.segment, undefined);
    assert.match(state.error?.message ?? '', /segments\.details/);
    assert.equal(state.error?.action, 'setApiKey');
  });

  describe('where it opens', () => {
    before(async () => {
      assert.equal(await setKey(KEYS.all), 'saved');
    });

    it('opens beside the code the lookup came from, and a second lookup reveals it there', async () => {
      const editor = await showCode();
      await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
      const panel = ctx.api.panels.get(KNOWN_SEGMENT_ID)!;
      assert.equal(await columnOf(panel.panel), vscode.ViewColumn.Two, 'the panel covered the code');
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === editor.document && e.viewColumn === vscode.ViewColumn.One), 'the code is out of view');

      await showCode(); // back to the code, then the same lookup again
      await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
      assert.equal(ctx.api.panels.get(KNOWN_SEGMENT_ID), panel);
      assert.equal(await columnOf(panel.panel), vscode.ViewColumn.Two, 'the reveal moved the panel');
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Lapsed buyers (EU)');
      assert.equal(tabs.length, 1);
    });

    it('opens in the active group when no text editor is active', async () => {
      await closeAllEditors();
      await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
      assert.equal(await columnOf(ctx.api.panels.get(KNOWN_SEGMENT_ID)!.panel), vscode.ViewColumn.One);
    });
  });

  describe('what it loads', () => {
    before(async () => {
      assert.equal(await setKey(KEYS.all), 'saved');
    });

    it('asks for no size series when Braze does not know the id', async () => {
      ctx.server.resetRecords();
      const panel = await openPanel(UNKNOWN_SEGMENT_ID, true);
      assert.match(panel.current.error?.message ?? '', /No segment with this id/);
      assert.equal(ctx.server.requestCount('/segments/details', UNKNOWN_SEGMENT_ID), 1);
      assert.equal(ctx.server.requestCount('/segments/data_series', UNKNOWN_SEGMENT_ID), 0, 'the sizes of a missing segment were asked for');
    });

    it('loads the sizes of a cached segment alongside its details, not after them', async () => {
      await openPanel(KNOWN_SEGMENT_ID);
      ctx.server.resetRecords();
      ctx.server.delayMs = 800;
      const panel = await openPanel(KNOWN_SEGMENT_ID, true);
      assert.equal(panel.current.error, undefined);
      assert.ok(panel.current.sizes?.times?.length);
      const [details] = ctx.server.requests.filter((r) => r.pathname === '/segments/details');
      const [series] = ctx.server.requests.filter((r) => r.pathname === '/segments/data_series');
      assert.ok(details && series, 'both were requested');
      assert.ok(Math.abs(series.at - details.at) < 400, `the sizes waited ${series.at - details.at} ms for the details`);
    });
  });

  describe('when things fail', () => {
    before(async () => {
      assert.equal(await setKey(KEYS.all), 'saved');
    });

    it('says a failed refresh shows the last successful fetch, and how old it is', async () => {
      const panel = await openPanel(KNOWN_SEGMENT_ID);
      ctx.server.serverErrors = -1;
      await panel.load(true);
      const state = panel.current;
      assert.equal(state.segment?.name, 'Lapsed buyers (EU)', 'the details from before went away');
      assert.match(state.error?.message ?? '', /^Could not refresh: Braze had a server error \(503\)/);
      assert.match(state.error?.note ?? '', /^Showing the details from the last successful fetch, (a moment|\d+ (seconds?|minutes?)) ago\.$/);
      assert.equal(state.error?.action, 'retry');

      ctx.server.serverErrors = 0;
      await panel.receive({ type: 'fix', action: 'retry' });
      assert.equal(panel.current.error, undefined);
      assert.equal(panel.current.sizes?.error, undefined);
    });

    it('retries failed sizes once Braze answers the details again, and offers Retry', async () => {
      ctx.server.serverErrors = -1;
      ctx.server.serverErrorsFor = 'data_series';
      const panel = await openPanel(KNOWN_SEGMENT_ID, true);
      assert.equal(panel.current.error, undefined);
      assert.match(panel.current.sizes?.error?.message ?? '', /server error \(503\)/);
      assert.equal(panel.current.sizes?.error?.action, 'retry');

      // The server recovers and a hover refreshes the segment: the panel's sizes follow by themselves.
      ctx.server.serverErrors = 0;
      await workspace(ctx).service.getDetails(KNOWN_SEGMENT_ID, { refresh: true });
      await waitFor('the sizes to load again', () => !panel.current.sizes?.error && (panel.current.sizes?.times?.length ?? 0) > 0);

      // And the section's own Retry button.
      ctx.server.serverErrors = -1;
      await panel.receive({ type: 'setDays', days: 7 });
      assert.ok(panel.current.sizes?.error, 'the 7-day sizes did not fail');
      ctx.server.serverErrors = 0;
      ctx.server.resetRecords();
      await panel.receive({ type: 'retrySizes' });
      assert.equal(panel.current.sizes?.error, undefined);
      assert.equal(panel.current.sizes?.days, 7);
      assert.equal(panel.current.sizes?.times?.length, 7);
      assert.equal(ctx.server.requestCount('/segments/data_series', KNOWN_SEGMENT_ID), 1);
    });

    it('drops the details of the previous key when the key changes, and says what the new one lacks', async () => {
      const panel = await openPanel(KNOWN_SEGMENT_ID);
      assert.equal(panel.current.segment?.name, 'Lapsed buyers (EU)');
      try {
        assert.equal(await setKey(KEYS.noDetails), 'saved-lacking');
        await waitFor('the new key\'s answer', () => /segments\.details/.test(panel.current.error?.message ?? ''));
        const state = panel.current;
        assert.equal(state.segment, undefined, 'details fetched with the previous key are still shown');
        assert.equal(state.sizes, undefined, 'sizes fetched with the previous key are still shown');
        assert.equal(state.error?.note, undefined);
        assert.equal(panel.panel.title, `Segment ${KNOWN_SEGMENT_ID.slice(0, 8)}…`);
      } finally {
        assert.equal(await setKey(KEYS.all), 'saved');
      }
      await waitFor('the details again with the full key', () => panel.current.segment?.name === 'Lapsed buyers (EU)' && !panel.current.loading);
    });
  });
});
