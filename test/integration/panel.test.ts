// Braze: Look Up Segment opens the detail panel (a webview, one per segment id) in the real workbench.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, MARKUP_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { closeAllEditors, findPanelTab, setKey, useBrazeServer, waitFor } from './helpers';

describe('Segment detail panel', () => {
  const ctx = useBrazeServer();

  before(async () => {
    assert.equal(await setKey(KEYS.all), 'saved');
  });

  afterEach(closeAllEditors);

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
});
