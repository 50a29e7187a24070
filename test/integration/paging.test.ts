// The Segments view's list read with pages in parallel, in the real extension host: every segment
// once and in Braze's order, and a 429 midway keeps the pages before it. Asserted on the catalog
// through the test handles, not on the view's rows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CatalogState } from '../../src/segments/segmentCatalog';
import { KEYS, generateWorkspace } from '../server/fixtures';
import { setKey, useBrazeServer, waitFor, workspace } from './helpers';

describe('Segments view: pages in parallel', () => {
  const ctx = useBrazeServer();
  const listRequests = () => ctx.server.requests.filter((request) => request.pathname === '/segments/list');

  /** Braze's order for `direction`, every page fetched straight from the server. */
  const serverOrder = async (direction: string): Promise<string[]> => {
    const pages = Math.floor(ctx.server.segments.length / 100) + 1;
    const bodies = await Promise.all(
      Array.from({ length: pages }, async (_, page) => {
        const response = await fetch(`${ctx.server.url}/segments/list?page=${page}&sort_direction=${direction}`, { headers: { authorization: `Bearer ${KEYS.all}` } });
        return ((await response.json()) as { segments: Array<{ id: string }> }).segments.map((segment) => segment.id);
      }),
    );
    return bodies.flat();
  };

  const settled = (what: string) =>
    waitFor(what, () => {
      const state = workspace(ctx).catalog.state;
      return !state.loading && (state.complete || state.error) ? state : undefined;
    });

  before(async () => {
    ctx.server.setSegments([...ctx.server.segments, ...generateWorkspace(3_456)]);
    assert.equal(await setKey(KEYS.all), 'saved');
    await vscode.commands.executeCommand('workbench.view.extension.braze');
    const total = ctx.server.segments.length;
    await waitFor('the first load, complete', () => {
      const state = workspace(ctx).catalog.state;
      return !state.loading && state.complete && state.segments.length === total;
    });
  });
  // The Braze views left open would check the whole folder for problems in the suites after this one.
  after(() => vscode.commands.executeCommand('workbench.view.explorer'));
  afterEach(() => {
    ctx.server.delayMs = 0;
    ctx.server.failListPages = undefined;
    ctx.server.retryAfterSeconds = undefined;
  });

  it('reads a few thousand segments with pages in flight together, each once, in order', async () => {
    ctx.server.delayMs = 15; // so that pages in flight together overlap at the server
    ctx.server.resetRecords();
    const published: CatalogState[] = [];
    const listening = workspace(ctx).catalog.onDidChange((state) => published.push(state));
    try {
      await vscode.commands.executeCommand('braze.refreshSegments');
      await waitFor('a refresh that starts and ends', () => published.some((state) => state.loading) && !workspace(ctx).catalog.state.loading);
    } finally {
      listening.dispose();
    }
    const state = workspace(ctx).catalog.state;
    const requests = listRequests(); // before serverOrder's own
    const inFlight = ctx.server.maxInFlight;
    assert.equal(state.error, undefined);
    assert.equal(state.complete, true);
    const expected = await serverOrder(state.direction);
    assert.ok(expected.length > 3_456);
    assert.deepEqual(
      state.segments.map((segment) => segment.id),
      expected,
    );
    assert.equal(new Set(state.segments.map((segment) => segment.id)).size, expected.length, 'each segment once');
    const pages = Math.floor(expected.length / 100) + 1;
    assert.equal(state.pagesRead, pages);
    const sent = requests.map((request) => Number(request.query.page));
    assert.ok(sent.length >= pages && sent.length <= pages + 5, `${sent.length} requests for ${pages} pages`);
    assert.equal(new Set(sent).size, sent.length, 'no page asked twice');
    assert.ok(inFlight > 1 && inFlight <= 6, `${inFlight} pages in flight at most`);
    // A refresh had a previous complete load to go by: "page n of ~N".
    const loading = published.filter((s) => s.loading);
    assert.equal(loading[0].expectedPages, pages);
    assert.ok(loading.every((s) => s.segments.length === expected.length), 'a refresh shows the old rows until the new list is complete');
  });

  it('a 429 midway through a first load keeps the pages before it, in order, and says rate-limited', async () => {
    const expected = await serverOrder(workspace(ctx).catalog.state.direction);
    ctx.server.resetRecords();
    ctx.server.failListPages = { fromPage: 10, kind: 'rate-limited' };
    ctx.server.retryAfterSeconds = 1;
    ctx.server.resetRecords();
    // As after a key change: no rows to keep, so this load shows its own.
    workspace(ctx).catalog.clear();
    await vscode.commands.executeCommand('braze.refreshSegments');
    const state = await settled('the load to stop');
    assert.equal(state.error?.kind, 'rate-limited');
    assert.equal(state.complete, false);
    assert.equal(state.previousRows, false);
    assert.equal(state.pagesRead, 10);
    assert.ok(listRequests().length <= 10 + 6, `${listRequests().length} requests`);
    assert.deepEqual(
      state.segments.map((segment) => segment.id),
      expected.slice(0, 1_000),
    );

    // Braze lets requests through again: the next refresh reads everything.
    ctx.server.failListPages = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await vscode.commands.executeCommand('braze.refreshSegments');
    const after = await waitFor('a complete list again', () => {
      const current = workspace(ctx).catalog.state;
      return !current.loading && current.complete && !current.error ? current : undefined;
    });
    assert.equal(after.segments.length, expected.length);
  });
});
