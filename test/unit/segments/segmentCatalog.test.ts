import assert from 'node:assert/strict';
import type { BrazeClient } from '../../../src/braze/client';
import type { SegmentSummary, SortDirection } from '../../../src/braze/model';
import { SegmentCatalog, pagesInFlightFor, rateReserve, type CatalogState, type SegmentCatalogOptions } from '../../../src/segments/segmentCatalog';
import { KEYS, generateWorkspace } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';

describe('SegmentCatalog', function () {
  this.timeout(10_000);
  const h = useBrazeServer();
  let original: typeof h.server.segments;
  before(() => (original = h.server.segments));
  afterEach(() => {
    h.server.setSegments(original);
    h.server.listPageDelayMs = undefined;
    h.server.failListPages = undefined;
    h.server.onArrive = undefined;
    h.server.hostile = undefined;
    h.server.rateLimitPerHour = 250_000;
    h.server.resetRateLimits();
  });

  const catalog = (options: Partial<SegmentCatalogOptions> & { pages?: SegmentSummary[][]; client?: BrazeClient } = {}) => {
    const client = options.client ?? h.client();
    const pages = options.pages;
    return new SegmentCatalog({
      connect: async () => client,
      onPage: (rows) => pages?.push([...rows]),
      rateLimit: () => client.rateLimit,
      progressIntervalMs: 0,
      ...options,
    });
  };

  /** The server's list in `direction`, every page read straight from the client, uncounted. */
  const serverOrder = async (direction: SortDirection): Promise<string[]> => {
    const client = h.client();
    const count = Math.floor(h.server.segments.length / 100) + 1;
    const pages = await Promise.all(Array.from({ length: count }, (_, page) => client.listSegments(page, direction)));
    h.server.resetRecords();
    return pages.flat().map((row) => row.id);
  };

  const listRequests = () => h.server.requestCount('/segments/list');

  for (const size of [0, 1, 99, 100, 101, 250, 1_200, 1_234, 10_000]) {
    for (const direction of ['desc', 'asc'] as const) {
      it(`loads every page of ${size} segments with pages in parallel, each once and in order (${direction})`, async () => {
        h.server.setSegments(generateWorkspace(size));
        const expected = await serverOrder(direction);
        h.server.delayMs = 2; // so that requests in flight together overlap at the server
        assert.equal(expected.length, size);
        const list = catalog();
        await list.load(direction);
        const { segments, complete, loading, error, stopped, pagesRead, expectedPages } = list.state;
        assert.equal(error, undefined);
        assert.equal(stopped, undefined);
        assert.equal(complete, true);
        assert.equal(loading, false);
        assert.deepEqual(
          segments.map((s) => s.id),
          expected,
        );
        const pages = Math.floor(size / 100) + 1;
        assert.equal(pagesRead, pages);
        assert.equal(expectedPages, undefined, 'an estimate only while loading');
        // Pages past the short one may have been launched (at most the 5 others in flight), never more.
        assert.ok(listRequests() >= pages && listRequests() <= pages + 5, `${listRequests()} requests for ${pages} pages`);
        if (pages > 2) assert.ok(h.server.maxInFlight > 1, 'pages went in parallel');
      });
    }
  }

  it('sends page 0 alone: a workspace of one page costs one request', async () => {
    h.server.setSegments(generateWorkspace(42));
    const list = catalog();
    await list.load('desc');
    assert.equal(listRequests(), 1);
    assert.equal(h.server.maxInFlight, 1);
  });

  it('takes pages in page order when later pages answer first', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const expected = await serverOrder('asc');
    h.server.listPageDelayMs = (page) => (page === 0 ? 0 : (7 - (page % 7)) * 15);
    const pages: SegmentSummary[][] = [];
    const list = catalog({ pages });
    await list.load('asc');
    assert.deepEqual(
      list.state.segments.map((s) => s.id),
      expected,
    );
    assert.deepEqual(
      pages.map((page) => page[0]?.id),
      expected.filter((_, i) => i % 100 === 0),
      'onPage in page order',
    );
  });

  it('stops at the first short page: pages launched past it are never appended', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const expected = await serverOrder('asc');
    // Once the short page 12 is answered, the list grows by 600 (asc: at the end), which pages 13
    // and on would show; they answer late, after page 12, itself late enough for them to be sent.
    h.server.listPageDelayMs = (page) => (page === 12 ? 60 : page > 12 ? 150 : 0);
    h.server.onRequest = (request) => {
      if (request.pathname === '/segments/list' && request.query.page === '12') h.server.setSegments([...h.server.segments, ...generateWorkspace(600, 7).map((s) => ({ ...s, created_at: '2099-01-01T00:00:00Z' }))]);
    };
    try {
      const list = catalog();
      await list.load('asc');
      assert.equal(list.state.complete, true);
      assert.equal(list.state.pagesRead, 13);
      assert.deepEqual(
        list.state.segments.map((s) => s.id),
        expected,
      );
      assert.ok(listRequests() > 13, `pages past the short one were in flight (${listRequests()} requests)`);
      assert.ok(listRequests() <= 13 + 5, `${listRequests()} requests`);
    } finally {
      h.server.onRequest = undefined;
    }
  });

  it('a 429 mid-load stops launching, keeps the pages before it in order, and says rate-limited', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const expected = await serverOrder('desc');
    h.server.failListPages = { fromPage: 5, kind: 'rate-limited' };
    h.server.retryAfterSeconds = 1;
    const list = catalog();
    await list.load('desc');
    const { error, complete, segments, pagesRead, loading, previousRows } = list.state;
    assert.equal(error?.kind, 'rate-limited');
    assert.equal(complete, false);
    assert.equal(loading, false);
    assert.equal(previousRows, false);
    assert.equal(pagesRead, 5);
    assert.deepEqual(
      segments.map((s) => s.id),
      expected.slice(0, 500),
    );
    // Page 5 is at most the sixth in flight after page 0; the client refuses to send more once blocked.
    assert.ok(listRequests() <= 11, `${listRequests()} requests`);
    const sent = h.server.requests.filter((r) => r.pathname === '/segments/list').map((r) => Number(r.query.page));
    assert.deepEqual([...new Set(sent)].sort((a, b) => a - b), sent.slice().sort((a, b) => a - b), 'each page asked once');
  });

  it('a failure on a later page waits for the earlier ones: never a hole', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const expected = await serverOrder('asc');
    // Page 4 fails at once while pages 1 to 3 are slow: they are still taken.
    h.server.failListPages = { fromPage: 4, kind: 'server' };
    h.server.listPageDelayMs = (page) => (page >= 1 && page <= 3 ? 80 : 0);
    const list = catalog();
    await list.load('asc');
    assert.equal(list.state.error?.kind, 'server');
    assert.equal(list.state.pagesRead, 4);
    assert.deepEqual(
      list.state.segments.map((s) => s.id),
      expected.slice(0, 400),
    );
  });

  it('a segment created while paging (ids shifted by one) appears once', async () => {
    const workspace = generateWorkspace(1_234);
    h.server.setSegments(workspace);
    const expected = await serverOrder('desc');
    let created = false;
    h.server.onArrive = (request) => {
      if (created || request.pathname !== '/segments/list' || request.query.page === '0') return;
      created = true;
      // The newest segment goes first newest-first: every later page starts with the previous one's last row.
      h.server.setSegments([...h.server.segments, { ...generateWorkspace(1, 99)[0], created_at: '2099-01-01T00:00:00Z' }]);
    };
    const list = catalog();
    await list.load('desc');
    assert.ok(created);
    assert.equal(list.state.error, undefined);
    assert.deepEqual(
      list.state.segments.map((s) => s.id),
      expected,
    );
  });

  it('puts fewer pages in flight when little of the rate limit is left', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    h.server.rateLimitPerHour = 1_000;
    h.server.delayMs = 20;
    await catalog().load('desc');
    assert.ok(h.server.maxInFlight >= 5, `a full budget: ${h.server.maxInFlight} in flight`);

    h.server.resetRateLimits();
    h.server.resetRecords();
    // After page 0, 13 are left: 3 above the reserve of 10. Then fewer, one at a time at the end.
    h.server.spendRateLimit(KEYS.all, 986);
    const list = catalog();
    await list.load('desc');
    assert.equal(list.state.error, undefined);
    assert.equal(list.state.segments.length, 1_234);
    assert.ok(h.server.maxInFlight <= 3, `${h.server.maxInFlight} in flight with 13 requests left`);
  });

  it('sizes pages in flight by the rate budget, never below one', () => {
    assert.equal(rateReserve(250_000), 2_500);
    assert.equal(rateReserve(undefined), 10);
    assert.equal(pagesInFlightFor(6, undefined), 6);
    assert.equal(pagesInFlightFor(6, { limit: 250_000, remaining: 200_000 }), 6);
    assert.equal(pagesInFlightFor(6, { limit: 250_000, remaining: 2_503 }), 3);
    assert.equal(pagesInFlightFor(6, { limit: 250_000, remaining: 2_000 }), 1);
    assert.equal(pagesInFlightFor(6, { remaining: 0 }), 1);
    assert.equal(pagesInFlightFor(8, { remaining: 14 }), 4);
  });

  it('publishes the first page at once, then at most every progressIntervalMs, and the end at once', async () => {
    h.server.setSegments(generateWorkspace(10_000));
    const list = catalog({ progressIntervalMs: 60_000 });
    const states: CatalogState[] = [];
    list.onDidChange((state) => states.push(state));
    await list.load('asc');
    assert.deepEqual(
      states.map((s) => [s.segments.length, s.loading, s.pagesRead]),
      [
        [0, true, 0],
        [100, true, 1],
        [10_000, false, 101],
      ],
    );
  });

  it('with a short interval, publishes as pages arrive, each state a new array, never more than one per page', async () => {
    h.server.setSegments(generateWorkspace(2_000));
    h.server.delayMs = 5;
    const list = catalog({ progressIntervalMs: 0 });
    const states: CatalogState[] = [];
    list.onDidChange((state) => states.push(state));
    await list.load('asc');
    const loading = states.filter((s) => s.loading && s.pagesRead > 0);
    assert.ok(loading.length >= 2 && loading.length <= 21, `${loading.length} progress states`);
    for (let i = 1; i < states.length; i++) {
      assert.ok(states[i].pagesRead >= states[i - 1].pagesRead);
      assert.ok(states[i].segments.length >= states[i - 1].segments.length);
      if (states[i].segments.length !== states[i - 1].segments.length) assert.notEqual(states[i].segments, states[i - 1].segments);
    }
    for (const state of loading) assert.equal(state.segments.length, state.pagesRead * 100, 'rows are the pages read, in order');
  });

  it('estimates the pages of a load from the last complete one in that direction', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const list = catalog();
    const states: CatalogState[] = [];
    list.onDidChange((state) => states.push(state));
    await list.load('asc');
    assert.ok(states.every((s) => s.expectedPages === undefined), 'no estimate before a complete load');
    states.length = 0;
    await list.load('asc');
    const loading = states.filter((s) => s.loading);
    assert.equal(loading[0].expectedPages, 13);
    assert.equal(loading[0].pagesRead, 0);
    for (const state of loading) assert.ok(state.expectedPages !== undefined && state.expectedPages > state.pagesRead);
    assert.equal(list.state.expectedPages, undefined);
    assert.equal(list.state.pagesRead, 13);
    states.length = 0;
    await list.load('desc');
    assert.equal(states[0].expectedPages, undefined, 'the other direction has no complete load yet');
  });

  it('a refresh keeps the old rows (the same array) until the new list is complete', async () => {
    h.server.setSegments(generateWorkspace(250));
    const list = catalog();
    await list.load('asc');
    const old = list.state.segments;
    h.server.setSegments(generateWorkspace(230));
    const states: CatalogState[] = [];
    list.onDidChange((state) => states.push(state));
    await list.load('asc');
    assert.deepEqual(
      states.map((s) => s.segments.length),
      [...states.slice(0, -1).map(() => 250), 230],
    );
    for (const state of states.slice(0, -1)) assert.equal(state.segments, old);
  });

  it('a reload keeps the objects of unchanged rows, so views can skip a redraw', async () => {
    const workspace = generateWorkspace(1_020);
    h.server.setSegments(workspace);
    const list = catalog();
    await list.load('asc');
    const before = list.state.segments;
    const renamed = before[805].id;
    h.server.setSegments(workspace.map((segment) => (segment.id === renamed ? { ...segment, name: 'Renamed' } : segment)));
    await list.load('asc');
    const after = list.state.segments;
    assert.equal(after.length, before.length);
    after.forEach((row, i) => {
      if (row.id === renamed) {
        assert.equal(row.name, 'Renamed');
        assert.notEqual(row, before[i]);
      } else {
        assert.equal(row, before[i], `row ${i} was replaced although unchanged`);
      }
    });
  });

  it('a failed refresh keeps the previous rows and says so', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const list = catalog();
    await list.load('asc');
    const old = list.state.segments;
    h.server.failListPages = { fromPage: 3, kind: 'server' };
    await list.load('asc');
    assert.equal(list.state.error?.kind, 'server');
    assert.equal(list.state.previousRows, true);
    assert.equal(list.state.segments, old);
    assert.equal(list.state.pagesRead, 3);
  });

  it('one load at a time: a second call joins the first', async () => {
    h.server.setSegments(generateWorkspace(150));
    const list = catalog();
    await Promise.all([list.load('desc'), list.load('desc')]);
    assert.equal(h.server.requests.filter((r) => r.query.page === '0').length, 1);
    assert.equal(list.state.pagesRead, 2);
  });

  it('clear() stops every page in flight and sends no more', async () => {
    h.server.setSegments(generateWorkspace(5_000));
    h.server.delayMs = 40;
    const client = h.client();
    const list = catalog({ client });
    const load = list.load('asc');
    while (listRequests() < 3) await new Promise((resolve) => setTimeout(resolve, 2));
    list.clear();
    await load;
    const sent = listRequests();
    assert.ok(sent <= 7, `${sent} requests`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(listRequests(), sent, 'nothing sent after clear()');
    assert.equal(list.state.segments.length, 0);
    assert.equal(list.state.loading, false);
    assert.ok(h.log.some((entry) => entry.error?.kind === 'aborted'), 'the pages in flight were aborted');
  });

  it('stops on a page with no new segment (a server ignoring page)', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    h.server.hostile = { kind: 'ignore-page' };
    const list = catalog();
    await list.load('asc');
    assert.equal(list.state.stopped, 'repeated-page');
    assert.equal(list.state.segments.length, 100);
    assert.ok(listRequests() <= 2 + 5, `${listRequests()} requests`);
  });

  it('stops at maxPages', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const list = catalog({ maxPages: 3 });
    await list.load('asc');
    assert.equal(list.state.stopped, 'page-cap');
    assert.equal(list.state.segments.length, 300);
    assert.equal(listRequests(), 3);
  });

  it('takes renamed details of a listed segment, and ignores unlisted ones', async () => {
    h.server.setSegments(generateWorkspace(1_234));
    const list = catalog();
    await list.load('asc');
    const row = list.state.segments[1_100];
    let changes = 0;
    list.onDidChange(() => changes++);
    list.applyDetails({ id: row.id, name: 'Renamed in Braze', tags: ['new-tag'], teams: [] });
    assert.equal(list.state.segments[1_100].name, 'Renamed in Braze');
    assert.deepEqual(list.state.segments[1_100].tags, ['new-tag']);
    list.applyDetails({ id: row.id, name: 'Renamed in Braze', tags: ['new-tag'], teams: [] });
    list.applyDetails({ id: 'not-listed', name: 'x', tags: [], teams: [] });
    assert.equal(changes, 1, 'no event when nothing changed');
    // After a load in the other direction, the index follows the new order.
    await list.load('desc');
    const index = list.state.segments.findIndex((s) => s.id === row.id);
    list.applyDetails({ id: row.id, name: 'Renamed again', tags: [], teams: [] });
    assert.equal(list.state.segments[index].name, 'Renamed again');
  });

  it('reports each page so hovers can name listed ids', async () => {
    h.server.setSegments(generateWorkspace(120));
    const pages: SegmentSummary[][] = [];
    await catalog({ pages }).load('asc');
    assert.deepEqual(
      pages.map((page) => page.length),
      [100, 20],
    );
  });
});
