// SegmentService: stale-while-revalidate, negative cache TTL, list names, persistence and the hover
// decision, against the real test server. The hover tests run over one real Workspace (the
// one-endpoint setup) through a WorkspaceRegistry and a SegmentResolver, as the extension wires it.
import assert from 'node:assert/strict';
import { PERSISTED_CACHE_VERSION } from '../../../src/segments/persistedCache';
import { segmentHover } from '../../../src/segments/segmentHover';
import { SegmentService } from '../../../src/segments/segmentService';
import { KEYS, KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { useWorkspaces } from '../workspaces';

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SegmentService cache', () => {
  const h = useBrazeServer();
  let clock: number;
  let ttl: number;
  const service = (options: { maxEntries?: number; maxPersisted?: number } = {}) => {
    const client = h.client();
    return new SegmentService({ connect: async () => client, ttlMs: () => ttl, now: () => clock, ...options });
  };
  const workspaces = useWorkspaces(h);
  /** One workspace with the full key (or no key stored), its resolver for the hover and its service. */
  const single = (withKey = true) => {
    const setup = workspaces([{ name: 'Production', key: withKey ? KEYS.all : undefined }], { ttlMs: () => ttl, now: () => clock });
    return { resolver: setup.resolver, segments: setup.get('Production').service };
  };
  const detailsRequests = (id = KNOWN_SEGMENT_ID) => h.server.requestCount('/segments/details', id);
  const nameOf = (segments: SegmentService, id: string) => {
    const cached = segments.peek(id);
    return cached?.kind === 'found' ? cached.details.name : undefined;
  };

  beforeEach(() => {
    clock = 1_000_000;
    ttl = 60_000;
  });

  describe('stale-while-revalidate', () => {
    it('returns a stale entry at once, refreshes it with one background request, then serves it fresh', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      clock += ttl;
      h.server.delayMs = 100;
      const stale = segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      assert.equal(stale?.kind === 'found' && stale.stale, true);
      assert.equal(segments.isFetching(KNOWN_SEGMENT_ID), true);
      // More hovers while it refreshes: still the stale entry, still one request.
      for (let i = 0; i < 5; i++) assert.equal(segments.peekAndRevalidate(KNOWN_SEGMENT_ID)?.stale, true);
      assert.equal((await segments.getDetails(KNOWN_SEGMENT_ID, { allowStale: true })).name, 'Lapsed buyers (EU)');
      await settle(200);
      assert.equal(detailsRequests(), 2);
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.stale, false);
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.fetchedAt, clock);
    });

    it('joins the background refresh with a waiting caller: one request', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      clock += ttl;
      h.server.delayMs = 100;
      segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      const waiting = await Promise.all([segments.getDetails(KNOWN_SEGMENT_ID), segments.getDetails(KNOWN_SEGMENT_ID, { refresh: true })]);
      assert.ok(waiting.every((details) => details.name === 'Lapsed buyers (EU)'));
      assert.equal(detailsRequests(), 2, 'the first fill and one refresh');
    });

    it('a failed refresh keeps the old entry and does not retry on every hover', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      clock += ttl;
      h.server.serverErrors = -1;
      segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      await settle();
      assert.equal(nameOf(segments, KNOWN_SEGMENT_ID), 'Lapsed buyers (EU)');
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.stale, true);
      for (let i = 0; i < 5; i++) segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      await settle();
      assert.equal(detailsRequests(), 2, 'one failed refresh, then a pause');
      h.server.serverErrors = 0;
      clock += 30_000;
      segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      await settle();
      assert.equal(detailsRequests(), 3);
      assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.stale, false);
    });

    it('a fresh entry makes no request', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      for (let i = 0; i < 10; i++) segments.peekAndRevalidate(KNOWN_SEGMENT_ID);
      await settle();
      assert.equal(detailsRequests(), 1);
    });

    it('peek allocates nothing: the same object until the entry changes', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      assert.equal(segments.peek(KNOWN_SEGMENT_ID), segments.peek(KNOWN_SEGMENT_ID));
      assert.ok(Object.isFrozen(segments.peek(KNOWN_SEGMENT_ID)));
    });
  });

  describe('negative cache', () => {
    it('expires after the TTL like a found entry', async () => {
      const segments = service();
      await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID));
      clock += ttl - 1;
      assert.equal((await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID))).kind, 'not-found');
      assert.equal(detailsRequests(UNKNOWN_SEGMENT_ID), 1);
      clock += 1;
      assert.equal(segments.peek(UNKNOWN_SEGMENT_ID)?.stale, true);
      assert.equal((await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID))).kind, 'not-found');
      assert.equal(detailsRequests(UNKNOWN_SEGMENT_ID), 2);
    });

    it('an id that became a segment is found after the TTL', async () => {
      const segments = service();
      await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID));
      h.server.setSegments([...h.server.segments, { id: UNKNOWN_SEGMENT_ID, name: 'New' }]);
      clock += ttl;
      assert.equal((await segments.getDetails(UNKNOWN_SEGMENT_ID)).name, 'New');
      h.server.setSegments(h.server.segments.filter((segment) => segment.id !== UNKNOWN_SEGMENT_ID));
    });
  });

  describe('concurrency', () => {
    it('N concurrent hovers make one request', async () => {
      h.server.delayMs = 80;
      const { resolver } = single();
      const answers = await Promise.all(Array.from({ length: 25 }, () => segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none', signal: new AbortController().signal }, () => ({ instance: 'US-03', hasDashboard: true }))));
      assert.ok(answers.every((text) => text?.startsWith('#### Lapsed buyers')));
      assert.equal(detailsRequests(), 1);
    });

    it('a cancelled hover aborts the request only when nobody else waits', async () => {
      h.server.delayMs = 150;
      const { resolver, segments } = single();
      const hover = new AbortController();
      const card = segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'segment', signal: hover.signal }, () => ({ instance: 'US-03', hasDashboard: false }));
      const panel = segments.getDetails(KNOWN_SEGMENT_ID); // cannot cancel
      setTimeout(() => hover.abort(), 20);
      assert.equal(await card, undefined, 'a cancelled hover shows nothing');
      assert.equal((await panel).name, 'Lapsed buyers (EU)');
      assert.equal(detailsRequests(), 1);

      const lone = new AbortController();
      const alone = segmentHover(resolver, { id: MARKUP_SEGMENT_ID, context: 'segment', signal: lone.signal }, () => ({ instance: 'US-03', hasDashboard: false }));
      setTimeout(() => lone.abort(), 20);
      assert.equal(await alone, undefined);
      await settle(200);
      assert.equal(segments.peek(MARKUP_SEGMENT_ID), undefined, 'the lone request was aborted');
    });
  });

  describe('names from the list', () => {
    it('a listed id: the first hover waits for its details, so it is never stuck on the name', async () => {
      const { resolver, segments } = single();
      const client = h.client();
      segments.rememberSummaries(await client.listSegments(0, 'desc'));
      const listRequests = h.server.requests.length;
      assert.equal(segments.knownName(KNOWN_SEGMENT_ID), 'Lapsed buyers (EU)');
      assert.equal(segments.peek(KNOWN_SEGMENT_ID), undefined, 'peek stays the details cache');
      const first = await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, () => ({ instance: 'US-03', hasDashboard: true }));
      assert.match(first ?? '', /^#### Lapsed buyers \\\(EU\\\)[\s\S]*90\\-day winback/, 'the first hover shows the details');
      assert.equal(h.server.requests.length, listRequests + 1, 'one details request');
    });

    it('a listed id whose details are slow: the name, and the truth that the rest is on its way', async () => {
      h.server.delayMs = 400;
      const { resolver, segments } = single();
      segments.rememberSummaries([{ id: KNOWN_SEGMENT_ID, name: 'Lapsed buyers (EU)', tags: ['winback'] }]);
      const first = await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, () => ({ instance: 'US-03', hasDashboard: true }), 50);
      assert.match(first ?? '', /^#### Lapsed buyers[\s\S]*details are on their way: hover again/);
      await settle(500);
      const second = segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, () => ({ instance: 'US-03', hasDashboard: true }));
      assert.match(second as string, /90\\-day winback/, 'the request went on, and the next hover has the details');
    });

    it('a listed id whose details fail: the name, the reason and Retry', async () => {
      h.server.serverErrors = -1; // every try: the client retries a 5xx
      const { resolver, segments } = single();
      segments.rememberSummaries([{ id: KNOWN_SEGMENT_ID, name: 'Lapsed buyers (EU)', tags: [] }]);
      const card = await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, () => ({ instance: 'US-03', hasDashboard: true }));
      assert.match(card ?? '', /^#### Lapsed buyers[\s\S]*The details could not be loaded: Braze had a server error \\\(503\\\)[\s\S]*\[Retry\]\(command:braze\.retrySegment/);
    });

    it('a listed id drops its negative entry', async () => {
      const segments = service();
      await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID));
      segments.rememberSummaries([{ id: UNKNOWN_SEGMENT_ID, name: 'Appeared', tags: [] }]);
      assert.equal(segments.peek(UNKNOWN_SEGMENT_ID), undefined);
      assert.equal(segments.knownName(UNKNOWN_SEGMENT_ID), 'Appeared');
    });
  });

  describe('hover decisions', () => {
    const ctx = () => ({ instance: 'US-03', hasDashboard: true });
    it('stays quiet for an unknown UUID outside a segment context, and asks only once', async () => {
      const { resolver } = single();
      assert.equal(await segmentHover(resolver, { id: UNKNOWN_SEGMENT_ID, context: 'none' }, ctx), undefined);
      assert.equal(segmentHover(resolver, { id: UNKNOWN_SEGMENT_ID, context: 'none' }, ctx), undefined, 'negative cache: synchronous silence');
      assert.equal(detailsRequests(UNKNOWN_SEGMENT_ID), 1);
    });
    it('says "not found" in a segment context, from the negative cache too', async () => {
      const { resolver } = single();
      assert.match((await segmentHover(resolver, { id: UNKNOWN_SEGMENT_ID, context: 'segment' }, ctx)) ?? '', /^No segment with this id in US\\-03/);
      assert.match((segmentHover(resolver, { id: UNKNOWN_SEGMENT_ID, context: 'segment' }, ctx) as string) ?? '', /^No segment/);
      assert.equal(detailsRequests(UNKNOWN_SEGMENT_ID), 1);
    });
    it('offers to set a key only in a segment context, without a request', async () => {
      const { resolver } = single(false); // no key stored
      assert.match((await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'segment' }, ctx)) ?? '', /command:braze\.setApiKey/);
      assert.equal(await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, ctx), undefined);
      assert.equal(h.server.requests.length, 0);
    });
    it('reports the rate limit in a segment context and sends nothing until it lifts', async () => {
      const { resolver } = single();
      h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 600;
      assert.match((await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'segment' }, ctx)) ?? '', /Braze rate limit reached\\; details again after/);
      assert.equal(await segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'segment' }, ctx) !== undefined, true);
      assert.equal(detailsRequests(), 1, 'the second was refused locally');
    });
    it('shows a cached segment synchronously, marked when stale', async () => {
      const { resolver, segments } = single();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      assert.equal(typeof segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, ctx), 'string');
      clock += ttl + 12 * 60_000;
      const stale = segmentHover(resolver, { id: KNOWN_SEGMENT_ID, context: 'none' }, () => ({ ...ctx(), now: clock })) as string;
      assert.match(stale, /cached 13 minutes ago · refreshing/);
    });
  });

  describe('persistence', () => {
    it('round-trips through JSON into a new service with no request', async () => {
      const first = service();
      for (const id of [KNOWN_SEGMENT_ID, UNICODE_SEGMENT_ID]) await first.getDetails(id);
      await rejection(first.getDetails(UNKNOWN_SEGMENT_ID));
      const saved = JSON.parse(JSON.stringify(first.snapshot('http://x'))) as unknown;
      h.server.resetRecords();

      const second = service();
      const changes: Array<string[] | undefined> = [];
      second.onDidChange((change) => changes.push(change.ids));
      assert.equal(second.restore(saved, 'http://x'), 3);
      assert.deepEqual(changes, [[KNOWN_SEGMENT_ID, UNICODE_SEGMENT_ID, UNKNOWN_SEGMENT_ID]]);
      assert.deepEqual(second.peek(KNOWN_SEGMENT_ID), first.peek(KNOWN_SEGMENT_ID));
      assert.deepEqual(second.peek(UNICODE_SEGMENT_ID), first.peek(UNICODE_SEGMENT_ID));
      assert.equal((await second.getDetails(UNICODE_SEGMENT_ID)).name, nameOf(first, UNICODE_SEGMENT_ID));
      assert.equal((await rejection(second.getDetails(UNKNOWN_SEGMENT_ID))).kind, 'not-found');
      assert.equal(h.server.requests.length, 0);
    });

    it('keeps restored entries with their age, so they expire on time', async () => {
      const first = service();
      await first.getDetails(KNOWN_SEGMENT_ID);
      const saved = first.snapshot();
      clock += ttl;
      const second = service();
      second.restore(saved);
      assert.equal(second.peek(KNOWN_SEGMENT_ID)?.stale, true);
    });

    it('is bounded to the most recent entries and versioned', async () => {
      const segments = service({ maxPersisted: 2 });
      for (const id of [KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID]) await segments.getDetails(id);
      const saved = segments.snapshot();
      assert.equal(saved.version, PERSISTED_CACHE_VERSION);
      assert.deepEqual(saved.entries.map((entry) => entry.id), [MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID]);
    });

    it('tells the UI when there is something new to save', async () => {
      const segments = service();
      let saves = 0;
      segments.onDidChangeSnapshot(() => saves++);
      await segments.getDetails(KNOWN_SEGMENT_ID);
      await segments.getDetails(KNOWN_SEGMENT_ID);
      assert.equal(saves, 1, 'a cache hit changes nothing');
      segments.restore(segments.snapshot());
      assert.equal(saves, 1, 'restoring is not a change to save');
      segments.clear();
      assert.equal(saves, 2);
    });

    it('does not overwrite newer entries', async () => {
      const old = service();
      await old.getDetails(KNOWN_SEGMENT_ID);
      const saved = old.snapshot();
      clock += 1000;
      const current = service();
      await current.getDetails(KNOWN_SEGMENT_ID);
      assert.equal(current.restore(saved), 0);
      assert.equal(current.peek(KNOWN_SEGMENT_ID)?.fetchedAt, clock);
    });

    it('ignores malformed snapshots and entries, and never throws', async () => {
      const segments = service();
      await segments.getDetails(KNOWN_SEGMENT_ID);
      const good = segments.snapshot('http://x');
      const entry = good.entries[0];
      const fresh = () => service();
      const whole: unknown[] = [undefined, null, 42, 'text', [], {}, { version: 2, entries: good.entries }, { ...good, entries: 'x' }, { ...good, scope: 'http://other' }, { ...good, entries: null }];
      for (const value of whole) assert.equal(fresh().restore(value, 'http://x'), 0, JSON.stringify(value));
      const badEntries: unknown[] = [
        null,
        'x',
        { ...entry, id: 42 },
        { ...entry, id: '' },
        { ...entry, id: 'x'.repeat(65) },
        { ...entry, id: 'has space' },
        { ...entry, kind: 'other' },
        { ...entry, fetchedAt: 'yesterday' },
        { ...entry, fetchedAt: Number.NaN },
        { ...entry, fetchedAt: -1 },
        { ...entry, fetchedAt: clock + 24 * 3600_000 },
        { ...entry, details: null },
        { ...entry, details: { name: 42 } },
        { ...entry, details: { tags: 'vip' } },
        { ...entry, details: { teams: [1, 2] } },
        { ...entry, details: { name: 'x'.repeat(200_000) } },
      ];
      const mixed = { ...good, entries: [...badEntries, { ...entry, id: MARKUP_SEGMENT_ID }] };
      const target = fresh();
      assert.equal(target.restore(mixed, 'http://x'), 1, 'only the valid entry');
      assert.equal(target.peek(MARKUP_SEGMENT_ID)?.kind, 'found');
      // Extra fields are dropped, not carried along.
      const extra = fresh();
      extra.restore({ ...good, entries: [{ ...entry, details: { ...('details' in entry ? entry.details : {}), evil: '<script>' } }] }, 'http://x');
      const cached = extra.peek(KNOWN_SEGMENT_ID);
      assert.equal(cached?.kind === 'found' && 'evil' in cached.details, false);
    });
  });
});
