// Trust in the real extension host: a key that cannot be one is refused where it is typed, a server
// echoing the key or sending markup shows neither in the panel, its saved state or the log, an endless
// answer is cut off, re-opening a segment while it loads shows it, Retry goes through a 429, and a
// server that ignores paging stops the Segments view with a reason.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ALL_PERMISSIONS, KNOWN_SEGMENT_ID, MANY_TAGS_SEGMENT_ID, NO_ANALYTICS_SEGMENT_ID, SPARSE_SEGMENT_ID, UNICODE_SEGMENT_ID, generateWorkspace } from '../server/fixtures';
import { closeAllEditors, readLog, setKey, useBrazeServer, waitFor, workspace } from './helpers';

// Longer than the 200 characters a server message is cut to, so a cut would split it.
const LONG_KEY = `trust-${'q'.repeat(190)}-key`;

describe('Trust', () => {
  const ctx = useBrazeServer();

  before(async () => {
    ctx.server.addKey(LONG_KEY, ALL_PERMISSIONS);
    assert.equal(await setKey(LONG_KEY), 'saved');
  });
  afterEach(async () => {
    ctx.server.hostile = undefined;
    ctx.server.delayMs = 0;
    ctx.server.rateLimitedUntil = undefined;
    await closeAllEditors();
  });

  it('refuses a key with characters a key cannot have, keeps the saved one, and sends nothing', async () => {
    ctx.server.resetRecords();
    for (const bad of ['bad\u0007key-with-bell', 'kéy-with-accent-1234', 'two words-1234567']) {
      assert.equal(await setKey(bad), 'invalid', JSON.stringify(bad));
    }
    assert.equal(ctx.server.requests.length, 0);
    assert.equal(await ctx.api.keys.get(ctx.server.url), LONG_KEY);
  });

  it('shows no key in the panel, its saved state or the log when Braze echoes the Authorization header', async () => {
    ctx.server.hostile = { kind: 'echo-authorization' };
    await vscode.commands.executeCommand('braze.lookupSegment', SPARSE_SEGMENT_ID);
    const state = ctx.api.panels.get(SPARSE_SEGMENT_ID)!.current;
    assert.match(state.error?.message ?? '', /Braze refused the request \(400\)/);
    // The panel posts exactly this state to its webview, which saves it with setState.
    const posted = JSON.stringify(state);
    const log = await waitFor('the echoed request in the log', async () => {
      const text = await readLog(ctx.api.logUri);
      return text.includes(`segment_id=${SPARSE_SEGMENT_ID}`) ? text : undefined;
    }, 15_000);
    for (const part of [LONG_KEY, LONG_KEY.slice(0, 30), 'qqqqqqqqqqqqqqqqqqqq']) {
      assert.ok(!posted.includes(part), `the panel state holds "${part}"`);
      assert.ok(!log.includes(part), `the log holds "${part}"`);
    }
    assert.match(log, /We received: Authorization: (Bearer )?<redacted>/);
  });

  it('shows our own words, not Braze markup, in the panel', async () => {
    ctx.server.hostile = { kind: 'markup-message' };
    await vscode.commands.executeCommand('braze.lookupSegment', UNICODE_SEGMENT_ID);
    const state = ctx.api.panels.get(UNICODE_SEGMENT_ID)!.current;
    assert.ok(state.error, 'no error shown');
    assert.doesNotMatch(JSON.stringify(state.error), /command:|https?:|\$\(|<img/);
    assert.equal(state.error.action, 'showLog');
  });

  it('cuts an endless answer off at the size cap and says so', async () => {
    ctx.server.hostile = { kind: 'endless-body' };
    const started = Date.now();
    await vscode.commands.executeCommand('braze.lookupSegment', NO_ANALYTICS_SEGMENT_ID);
    const state = ctx.api.panels.get(NO_ANALYTICS_SEGMENT_ID)!.current;
    assert.match(state.error?.message ?? '', /larger than 4 MB/);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('keeps a segment with 100,000 tags to 200 of them, and says how many more there are', async () => {
    const id = '33333333-4444-4555-8666-777777777777';
    const tags = Array.from({ length: 100_000 }, (_, i) => `tag${i}`);
    ctx.server.setSegments([...ctx.server.segments, { id, name: 'Tagged to death', tags, teams: [] }]);
    await vscode.commands.executeCommand('braze.lookupSegment', id);
    const state = ctx.api.panels.get(id)!.current;
    assert.equal(state.segment?.tags.length, 200);
    assert.equal(state.segment?.tagsOmitted, 99_800);
  });

  it('shows the segment, not "Cancelled.", when it is opened again while it loads', async () => {
    workspace(ctx).service.clear();
    ctx.server.delayMs = 400;
    const first = vscode.commands.executeCommand('braze.openSegment', KNOWN_SEGMENT_ID); // a tree row's click
    await waitFor('the details request', () => ctx.server.requestCount('/segments/details', KNOWN_SEGMENT_ID) > 0);
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID); // then Enter in Look Up
    await first;
    const state = ctx.api.panels.get(KNOWN_SEGMENT_ID)!.current;
    assert.equal(state.error, undefined, state.error?.message);
    assert.equal(state.segment?.name, 'Lapsed buyers (EU)');
  });

  it('sends a Retry the user asks for while a 429 holds, and only that one', async () => {
    workspace(ctx).service.clear();
    ctx.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 600;
    await vscode.commands.executeCommand('braze.lookupSegment', MANY_TAGS_SEGMENT_ID);
    const panel = ctx.api.panels.get(MANY_TAGS_SEGMENT_ID)!;
    assert.match(panel.current.error?.message ?? '', /rate limit/);
    ctx.server.resetRecords();
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID); // not asked for explicitly: refused unsent
    assert.equal(ctx.server.requestCount('/segments/details'), 0, 'a request went out while blocked');
    ctx.server.rateLimitedUntil = undefined; // the limit lifted before its reset
    await panel.load(true); // the panel's Retry / Refresh button
    assert.equal(panel.current.error, undefined, panel.current.error?.message);
    assert.ok(panel.current.segment);
    assert.equal(ctx.server.requestCount('/segments/details', MANY_TAGS_SEGMENT_ID), 1);
  });

  it('stops the Segments view on a server that ignores paging, and says why', async () => {
    const original = ctx.server.segments;
    try {
      ctx.server.setSegments([...original, ...generateWorkspace(300)]);
      ctx.server.hostile = { kind: 'ignore-page' };
      ctx.server.resetRecords();
      await vscode.commands.executeCommand('workbench.view.extension.braze');
      await vscode.commands.executeCommand('braze.refreshSegments');
      assert.equal(ctx.server.requestCount('/segments/list'), 2, 'one page, then the same page once more');
      const [notice] = ctx.api.segmentsTree.tree.getChildren();
      assert.equal(notice.kind, 'notice', 'the first row says the list stopped');
      assert.match(notice.kind === 'notice' ? notice.detail : '', /Braze sent the same page again/);
    } finally {
      ctx.server.setSegments(original);
    }
  });
});
