// A hostile server and odd keys against the client, over real sockets: the key stays out of every
// error and every field kept, answers are bounded, a broken rate-limit header cannot block Braze for
// long, a request that was never sent is not blamed on Braze, and our own bugs are called bugs.
import assert from 'node:assert/strict';
import { apiKeyProblem, cleanApiKey } from '../../../src/braze/apiKey';
import { HttpTransport } from '../../../src/braze/http';
import { MAX_BLOCK_MS, backgroundPausedUntil, readRateLimit } from '../../../src/braze/rateLimit';
import { INGEST_LIMITS, redactSecrets } from '../../../src/braze/untrusted';
import { describeError } from '../../../src/segments/errorText';
import { MARKUP_MESSAGE } from '../../server/brazeServer';
import { ALL_PERMISSIONS, KEYS, KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

/** Every string reachable from `root` (own properties, symbols, Maps, Sets), for "is the key in there?". */
function reachableStrings(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') found.push(value);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value) || depth > 6) return;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) {
        visit(k, depth + 1);
        visit(v, depth + 1);
      }
    }
    if (value instanceof Set) for (const v of value) visit(v, depth + 1);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) visit(descriptor.value, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

describe('trust: a hostile server and odd keys', () => {
  const h = useBrazeServer();
  // Longer than the 200 characters a server message is cut to, so that a cut would split it.
  const LONG_KEY = `secret-${'k'.repeat(180)}-end`;
  before(() => h.server.addKey(LONG_KEY, ALL_PERMISSIONS));

  describe('the key', () => {
    it('is held by no property of the client that other code could read', () => {
      const client = h.client({ apiKey: LONG_KEY });
      assert.ok(!reachableStrings(client).some((text) => text.includes(LONG_KEY)), 'a property of the client holds the key');
      assert.ok(!JSON.stringify(client).includes(LONG_KEY));
    });

    it('is scrubbed from a message that echoes the Authorization header, before it is shortened', async () => {
      h.server.hostile = { kind: 'echo-authorization' };
      const error = await rejection(h.client({ apiKey: LONG_KEY }).getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'bad-request');
      const everything = [error.message, error.serverMessage ?? '', JSON.stringify({ ...error }), describeError(error, 'US-03').message, JSON.stringify(h.log)].join('\n');
      for (const part of [LONG_KEY, LONG_KEY.slice(0, 24), 'kkkkkkkkkkkkkkkk']) assert.ok(!everything.includes(part), `"${part}" leaked`);
      assert.match(error.serverMessage ?? '', /Authorization: (Bearer )?<redacted> \(please check it\)/);
    });

    it('is scrubbed from every field of an answer', async () => {
      const id = '11111111-2222-4333-8444-555555555555';
      h.server.setSegments([...h.server.segments, { id, name: `named ${LONG_KEY}`, description: `Bearer ${LONG_KEY}`, tags: [LONG_KEY], teams: [] }]);
      const details = await h.client({ apiKey: LONG_KEY }).getSegmentDetails(id);
      assert.ok(!JSON.stringify(details).includes(LONG_KEY.slice(0, 24)), JSON.stringify(details).slice(0, 300));
    });

    it('with control, non-ASCII or inner space characters is refused on input and never sent', async () => {
      for (const bad of ['key\nwith-newline', 'kéy-with-accent', 'key with space', 'tab\tinside-key', 'short', 'x'.repeat(300)]) {
        assert.ok(apiKeyProblem(cleanApiKey(bad)), `accepted ${JSON.stringify(bad)}`);
        const error = await rejection(h.client({ apiKey: bad }).getSegmentDetails(KNOWN_SEGMENT_ID));
        assert.equal(error.kind, 'invalid-key', JSON.stringify(bad));
        assert.doesNotMatch(describeError(error, 'US-03').message, /reach/);
      }
      assert.equal(h.server.requests.length, 0);
    });

    it('pasted from a curl snippet is taken without its "Bearer"', () => {
      assert.equal(cleanApiKey('  "Bearer test-key-all" '), 'test-key-all');
      assert.equal(cleanApiKey('Authorization: Bearer test-key-all'), 'test-key-all');
      assert.equal(apiKeyProblem(cleanApiKey('Bearer test-key-all')), undefined);
    });

    it('and anything credential-shaped is redacted from text', () => {
      assert.equal(redactSecrets('got authorization: abc123 and api_key=xyz', []), 'got authorization: <redacted> and api_key=<redacted>');
      assert.equal(redactSecrets('Bearer abc.def', []), 'Bearer <redacted>');
    });
  });

  describe('server text', () => {
    it('never reaches what the user reads: our words, and the log for the rest', async () => {
      h.server.hostile = { kind: 'markup-message' };
      const error = await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID));
      const shown = describeError(error, 'US-03').message;
      assert.doesNotMatch(shown, /command:|https?:|\$\(|\[|<img/);
      // The log keeps it, on one line, without invisible or direction characters.
      assert.match(error.serverMessage ?? '', /command:workbench/);
      assert.doesNotMatch(error.serverMessage ?? '', /[\u200b\u200e\u2060\u061c\u00ad\u202e\n]/);
      assert.ok(MARKUP_MESSAGE.includes('\u202e'), 'the fixture carries a direction override');
    });
  });

  describe('bounds', () => {
    it('an endless answer is cut off at the size cap, quickly and with its own words', async () => {
      h.server.hostile = { kind: 'endless-body' };
      const rssBefore = process.memoryUsage().rss;
      const started = Date.now();
      const error = await rejection(h.client({ timeoutMs: 10_000 }).getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'too-large');
      assert.match(describeError(error, 'US-03').message, /larger than 4 MB/);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'the process grew by more than 200 MB');
    });

    it('a huge answer announced by its content-length is refused without reading it', async () => {
      h.server.hostile = { kind: 'huge-body', bytes: 200 * 1024 * 1024 };
      const started = Date.now();
      const error = await rejection(h.client().getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'too-large');
      assert.ok(Date.now() - started < 3000);
    });

    it('keeps at most INGEST_LIMITS of a segment, and counts what it left out', async () => {
      const id = '22222222-3333-4444-8555-666666666666';
      const tags = Array.from({ length: 150_000 }, (_, i) => `t${i}`);
      h.server.setSegments([...h.server.segments, { id, name: 'n'.repeat(50_000), description: 'd'.repeat(100_000), tags, teams: tags.slice(0, 300) }]);
      const details = await h.client().getSegmentDetails(id);
      assert.equal(details.tags.length, INGEST_LIMITS.listItems);
      assert.equal(details.tagsOmitted, 150_000 - INGEST_LIMITS.listItems);
      assert.equal(details.teamsOmitted, 300 - INGEST_LIMITS.listItems);
      assert.ok((details.name ?? '').length <= INGEST_LIMITS.name);
      assert.ok((details.description ?? '').length <= INGEST_LIMITS.description);
    });
  });

  describe('rate limits', () => {
    const inAnHour = () => Date.now() + MAX_BLOCK_MS + 1000;

    for (const style of ['year-2100', 'milliseconds'] as const) {
      it(`a 429 with its reset sent as ${style} blocks for at most an hour`, async () => {
        h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 30;
        h.server.rateLimitResetStyle = style;
        const client = h.client();
        const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
        assert.equal(error.kind, 'rate-limited');
        assert.ok(client.blockedUntil && client.blockedUntil.getTime() <= inAnHour(), String(client.blockedUntil));
        if (style === 'milliseconds') assert.ok(Math.abs(client.blockedUntil.getTime() - h.server.rateLimitedUntil * 1000) < 2000, 'milliseconds are read as such');
      });
    }

    it('an invalid reset is ignored, on a 200 as on a 429', async () => {
      h.server.rateLimitResetStyle = 'invalid';
      const client = h.client();
      await client.getSegmentDetails(KNOWN_SEGMENT_ID);
      assert.equal(client.rateLimit?.resetAt, undefined);
      assert.equal(typeof client.rateLimit?.remaining, 'number');
      h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 30;
      const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.ok(error.resetAt && !Number.isNaN(error.resetAt.getTime()) && error.resetAt.getTime() <= inAnHour());
      assert.equal(readRateLimit({ 'x-ratelimit-reset': 'soon', 'x-ratelimit-remaining': '-5' })?.remaining, undefined);
    });

    it('pauses background work below 5% of the hourly limit, until the reset', () => {
      const now = Date.now();
      const resetAt = new Date(now + 600_000);
      assert.equal(backgroundPausedUntil({ limit: 250_000, remaining: 12_499, resetAt }, now), resetAt);
      assert.equal(backgroundPausedUntil({ limit: 250_000, remaining: 12_500, resetAt }, now), undefined);
      assert.equal(backgroundPausedUntil({ remaining: 100, resetAt }, now), resetAt, "Braze's default limit when none is sent");
      assert.equal(backgroundPausedUntil({ limit: 250_000, remaining: 0, resetAt: new Date(now - 1) }, now), undefined, 'a reset in the past ends it');
    });

    it('honours Retry-After', async () => {
      h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 1800;
      h.server.retryAfterSeconds = 2;
      const client = h.client();
      await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      const wait = (client.blockedUntil?.getTime() ?? 0) - Date.now();
      assert.ok(wait > 0 && wait <= 2100, `blocked for ${wait} ms`);
    });

    it('sends nothing while blocked, except one request the user asked for', async () => {
      h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 600;
      const client = h.client();
      await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(h.server.requests.length, 1, 'a background request went out while blocked');
      h.server.rateLimitedUntil = undefined; // the limit lifted early
      const details = await client.getSegmentDetails(KNOWN_SEGMENT_ID, { explicit: true });
      assert.equal(details.id, KNOWN_SEGMENT_ID);
      assert.equal(client.blockedUntil, undefined, 'a success ends the block');
      assert.equal(h.server.requests.length, 2);
    });
  });

  describe('the wait for a connection', () => {
    it('is bounded on its own: the timeout runs from sending, and an unsent request says so', async () => {
      const transport = new HttpTransport({ connectionsPerOrigin: 1 });
      try {
        h.server.delayMs = 600;
        const client = h.client({ transport, timeoutMs: 1000 });
        const results = await Promise.allSettled([0, 1, 2].map(() => client.getSegmentDetails(KNOWN_SEGMENT_ID)));
        // The second waited 600 ms, then took 600 ms: 1.2 s in all but 0.6 s after it was sent.
        assert.equal(results[0].status, 'fulfilled');
        assert.equal(results[1].status, 'fulfilled', String((results[1] as PromiseRejectedResult).reason));
        const third = results[2];
        assert.equal(third.status, 'rejected');
        const error = (third as PromiseRejectedResult).reason;
        assert.equal(error.kind, 'not-sent');
        assert.doesNotMatch(describeError(error, 'US-03').message, /did not answer/);
        assert.equal(h.server.requests.length, 2, 'the unsent request reached the server');
      } finally {
        await transport.close();
      }
    });
  });

  describe('our own bugs', () => {
    it('are reported as bugs, not as the network', async () => {
      const transport = { get: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")) } as unknown as HttpTransport;
      const error = await rejection(h.client({ transport }).getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'internal');
      assert.ok(error.cause instanceof TypeError);
      assert.equal(describeError(error, 'US-03').message, 'Something went wrong in Braze Segments (details in the log).');
    });
  });

  it('keys of the fixtures are valid keys', () => {
    for (const key of Object.values(KEYS)) assert.equal(apiKeyProblem(key), undefined, key);
  });
});
