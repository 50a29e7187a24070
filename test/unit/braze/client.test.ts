import assert from 'node:assert/strict';
import {
  KEYS,
  KNOWN_SEGMENT_ID,
  NULLS_SEGMENT_ID,
  SPARSE_SEGMENT_ID,
  UNICODE_SEGMENT_ID,
  UNKNOWN_SEGMENT_ID,
  generateWorkspace,
} from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

describe('BrazeClient against the Braze test server', () => {
  const h = useBrazeServer();

  describe('getSegmentDetails', () => {
    it('maps every documented field', async () => {
      const details = await h.client().getSegmentDetails(KNOWN_SEGMENT_ID);
      assert.equal(details.id, KNOWN_SEGMENT_ID);
      assert.equal(details.name, 'Lapsed buyers (EU)');
      assert.match(details.textDescription ?? '', /winback/);
      assert.ok(details.description);
      assert.deepEqual(details.tags, ['winback', 'eu']);
      assert.deepEqual(details.teams, ['Lifecycle']);
      assert.ok(details.createdAt && !Number.isNaN(Date.parse(details.createdAt)));
      assert.equal(h.server.requests[0].key, KEYS.all, 'the key travels in the Authorization header');
    });

    it('accepts absent and null optional fields', async () => {
      for (const id of [SPARSE_SEGMENT_ID, NULLS_SEGMENT_ID]) {
        const details = await h.client().getSegmentDetails(id);
        assert.deepEqual(details, { id, name: undefined, description: undefined, textDescription: undefined, tags: [], teams: [], createdAt: undefined, updatedAt: undefined });
      }
    });

    it('keeps unicode intact', async () => {
      const details = await h.client().getSegmentDetails(UNICODE_SEGMENT_ID);
      const expected = h.server.segments.find((s) => s.id === UNICODE_SEGMENT_ID)?.name;
      assert.equal(details.name, expected);
    });

    it('URL-encodes the id so odd characters reach Braze unchanged', async () => {
      const odd = 'a&b=c#d/e?f%20+g';
      const error = await rejection(h.client().getSegmentDetails(odd));
      assert.equal(error.kind, 'not-found');
      assert.equal(h.server.requests[0].query.segment_id, odd);
      assert.equal(h.server.requests[0].pathname, '/segments/details');
    });

    it('refuses invalid ids before any request', async () => {
      for (const id of ['', ' ', 'x'.repeat(65), 'caf\u00e9', 'with space', 'tab\there']) {
        const error = await rejection(h.client().getSegmentDetails(id));
        assert.equal(error.kind, 'invalid-id', JSON.stringify(id));
      }
      assert.equal(h.server.requests.length, 0);
    });

    it('tells an unknown id from a failure, in both styles Braze may use', async () => {
      for (const style of ['404', '400'] as const) {
        h.server.notFoundStyle = style;
        const error = await rejection(h.client().getSegmentDetails(UNKNOWN_SEGMENT_ID));
        assert.equal(error.kind, 'not-found', style);
        assert.equal(error.status, Number(style));
      }
    });
  });

  describe('errors', () => {
    it('401: invalid key, and the message never contains the key', async () => {
      const secret = 'super-secret-key-that-braze-rejects';
      const error = await rejection(h.client({ apiKey: secret }).getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'invalid-key');
      assert.equal(error.status, 401);
      assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(secret));
      assert.ok(!JSON.stringify(h.log).includes(secret), 'nor does the request log');
    });

    it('403: names the missing permission of each endpoint', async () => {
      assert.equal((await rejection(h.client({ apiKey: KEYS.noDetails }).getSegmentDetails(KNOWN_SEGMENT_ID))).permission, 'segments.details');
      assert.equal((await rejection(h.client({ apiKey: KEYS.noList }).listSegments(0, 'asc'))).permission, 'segments.list');
      const series = await rejection(h.client({ apiKey: KEYS.noSeries }).getDataSeries(KNOWN_SEGMENT_ID, 7));
      assert.equal(series.kind, 'missing-permission');
      assert.equal(series.permission, 'segments.data_series');
    });

    it('429: rate limited until x-ratelimit-reset, then sends nothing until that time', async () => {
      const reset = Math.floor(Date.now() / 1000) + 120;
      h.server.rateLimitedUntil = reset;
      const client = h.client();
      const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'rate-limited');
      assert.equal(error.resetAt?.getTime(), reset * 1000);
      const again = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(again.kind, 'rate-limited');
      assert.equal(h.server.requests.length, 1, 'the second call was refused locally');
      assert.equal(client.rateLimit?.remaining, 0);
    });

    it('5xx with a non-JSON body', async () => {
      h.server.serverErrors = 1;
      const error = await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'server');
      assert.equal(error.status, 503);
      assert.equal((await h.client().getSegmentDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)', 'the next call works');
    });

    it('malformed bodies name what is wrong', async () => {
      h.server.malformed = 'not-json';
      assert.equal((await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID))).kind, 'invalid-response');
      h.server.malformed = 'wrong-types';
      const wrong = await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(wrong.kind, 'invalid-response');
      assert.ok(['name', 'tags', 'teams', 'created_at', 'updated_at', 'description', 'text_description'].includes(wrong.field ?? ''), wrong.field);
      h.server.malformed = 'missing-message';
      assert.equal((await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID))).field, 'message');
      h.server.malformed = 'wrong-types';
      assert.equal((await rejection(h.client().listSegments(0, 'asc'))).kind, 'invalid-response');
    });

    it('times out on a slow server', async () => {
      h.server.delayMs = 3000;
      const started = Date.now();
      const error = await rejection(h.client({ timeoutMs: 200 }).getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'timeout');
      assert.ok(Date.now() - started < 2000);
    });

    it('stops when the caller aborts', async () => {
      h.server.delayMs = 3000;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID, { signal: controller.signal }));
      assert.equal(error.kind, 'aborted');
    });

    it('network failure when nothing listens', async () => {
      const client = h.client({ endpoint: 'http://127.0.0.1:9', timeoutMs: 2000 });
      const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'network');
      assert.match(error.message, /refused/);
    });
  });

  describe('listSegments and getDataSeries', () => {
    it('pages by 100 in both directions', async () => {
      const original = h.server.segments;
      h.server.segments = generateWorkspace(250);
      try {
        const client = h.client();
        const sizes = await Promise.all([0, 1, 2, 3].map((page) => client.listSegments(page, 'asc')));
        assert.deepEqual(sizes.map((page) => page.length), [100, 100, 50, 0]);
        const newest = await client.listSegments(0, 'desc');
        assert.equal(newest[0].id, sizes[2][49].id);
        assert.equal(typeof newest[0].analyticsTrackingEnabled, 'boolean');
        assert.ok(Array.isArray(newest[0].tags));
      } finally {
        h.server.segments = original;
      }
    });

    it('returns the daily sizes asked for, and refuses a bad length before any request', async () => {
      const series = await h.client().getDataSeries(KNOWN_SEGMENT_ID, 30, new Date('2026-03-01T00:00:00Z'));
      assert.equal(series.length, 30);
      assert.ok(series.every((point) => Number.isInteger(point.size) && point.size >= 0));
      assert.equal(h.server.requests[0].query.ending_at, '2026-03-01T00:00:00.000Z');
      for (const length of [0, 101, 1.5]) assert.equal((await rejection(h.client().getDataSeries(KNOWN_SEGMENT_ID, length))).kind, 'bad-request');
      assert.equal(h.server.requests.length, 1);
    });
  });

  describe('transport', () => {
    it('reuses keep-alive connections for sequential requests', async () => {
      await h.freshTransport();
      h.server.resetRecords();
      const client = h.client();
      for (let i = 0; i < 10; i++) await client.getSegmentDetails(KNOWN_SEGMENT_ID);
      assert.equal(h.server.requests.length, 10);
      // undici's pool may hand the next request to a second idle socket while the first is being
      // released, so "reused" means: a couple of connections carry all ten requests.
      assert.ok(h.server.connectionCount <= 2, `${h.server.connectionCount} connections for 10 requests`);
      const perSocket = new Map<number, number>();
      for (const request of h.server.requests) perSocket.set(request.remotePort, (perSocket.get(request.remotePort) ?? 0) + 1);
      assert.ok([...perSocket.values()].every((count) => count >= 4), JSON.stringify([...perSocket]));
    });

    it('logs each request with status, duration and remaining budget, without the key', async () => {
      await h.client().getSegmentDetails(KNOWN_SEGMENT_ID);
      assert.equal(h.log.length, 1);
      const [entry] = h.log;
      assert.equal(entry.status, 200);
      assert.equal(entry.path, `/segments/details?segment_id=${KNOWN_SEGMENT_ID}`);
      assert.equal(typeof entry.rateLimit?.remaining, 'number');
      assert.ok(!JSON.stringify(entry).includes(KEYS.all));
    });
  });
});
