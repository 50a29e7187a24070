// Retries of failed GETs against the Braze test server over real sockets: how many, how long between
// them (the random source and the sleep are injected, so every wait is seen and none is slept), when
// never, and that none outlives the caller's abort or its timeout.
import assert from 'node:assert/strict';
import type { RequestLogEntry } from '../../../src/braze/client';
import { BrazeError } from '../../../src/braze/errors';
import { HttpTransport } from '../../../src/braze/http';
import { DEFAULT_RETRY_POLICY, RetrySchedule, backoffMs, isRetryable, retryAfterMs, type RetryPolicy } from '../../../src/braze/retry';
import { KEYS, KNOWN_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { FaultyServer } from './net/faults';

/** A policy that records each wait instead of sleeping, with a fixed "random" number. */
function recorded(random = 0.5, extra: Partial<RetryPolicy> = {}): { policy: Partial<RetryPolicy>; waits: number[] } {
  const waits: number[] = [];
  return { waits, policy: { random: () => random, sleep: async (ms) => void waits.push(ms), ...extra } };
}

describe('Retries', () => {
  const h = useBrazeServer();

  describe('the policy', () => {
    it('waits with full jitter: random × a window doubling from 500 ms, capped at 5 s', () => {
      const at = (random: number, retry: number) => backoffMs(retry, { ...DEFAULT_RETRY_POLICY, random: () => random });
      assert.deepEqual([1, 2, 3, 4, 5].map((retry) => at(0.999999, retry)), [499, 999, 1999, 3999, 4999]);
      assert.deepEqual([1, 2, 3].map((retry) => at(0, retry)), [0, 0, 0]);
      assert.equal(at(0.5, 2), 500);
      for (let i = 0; i < 1000; i++) {
        const wait = backoffMs(2, DEFAULT_RETRY_POLICY);
        assert.ok(wait >= 0 && wait < 1000, `${wait}`);
      }
    });

    it('reads Retry-After as seconds or as an HTTP date', () => {
      const now = Date.parse('2026-03-04T12:00:00Z');
      assert.equal(retryAfterMs({ 'Retry-After': '7' }, now), 7000);
      assert.equal(retryAfterMs({ 'retry-after': 'Wed, 04 Mar 2026 12:00:30 GMT' }, now), 30_000);
      assert.equal(retryAfterMs({ 'retry-after': 'soon' }, now), undefined);
      assert.equal(retryAfterMs({}, now), undefined);
    });

    it('retries 5xx, resets and connect timeouts, and nothing else', () => {
      const retryable = (kind: BrazeError['kind'], code?: string, status?: number) => isRetryable(new BrazeError(kind, '', { code, status }));
      assert.ok(retryable('server', undefined, 502));
      for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']) assert.ok(retryable('network', code), code);
      assert.ok(retryable('proxy', 'UND_ERR_CONNECT_TIMEOUT'));
      assert.ok(!retryable('network', 'ECONNREFUSED'));
      assert.ok(!retryable('network', 'ENOTFOUND'));
      assert.ok(!retryable('proxy', undefined, 407));
      for (const kind of ['bad-request', 'invalid-key', 'missing-permission', 'not-found', 'rate-limited', 'timeout', 'certificate', 'aborted', 'too-large'] as const) {
        assert.ok(!retryable(kind), kind);
      }
    });

    it('schedules no retry that the deadline would cut short', () => {
      let now = 0;
      const schedule = new RetrySchedule({ ...DEFAULT_RETRY_POLICY, random: () => 0.99 }, 1000, undefined, () => now);
      const server = new BrazeError('server', '', { status: 503 });
      assert.equal(schedule.next(server), 495, 'retry 1 waits at most 500 ms and fits');
      now = 600;
      assert.equal(schedule.next(server, { 'retry-after': '1' }), undefined, 'Retry-After: 1 would end after the deadline');
    });
  });

  it('retries a 503 twice, then succeeds, logging each attempt with its retry', async () => {
    h.server.serverErrors = 2;
    const { policy, waits } = recorded(0.5);
    const details = await h.client({ retry: policy }).getSegmentDetails(KNOWN_SEGMENT_ID);
    assert.equal(details.name, 'Lapsed buyers (EU)');
    assert.equal(h.server.requestCount('/segments/details'), 3);
    assert.deepEqual(waits, [250, 500], 'half of the 500 ms and 1000 ms windows');
    assert.deepEqual(h.log.map((entry: RequestLogEntry) => [entry.status, entry.error?.message]), [
      [503, 'Braze answered 503. Retry 1 of 2 in 0.3 s.'],
      [503, 'Braze answered 503. Retry 2 of 2 in 0.5 s.'],
      [200, undefined],
    ]);
  });

  it('gives up after 2 retries (3 attempts in all)', async () => {
    h.server.serverErrors = -1;
    const { policy, waits } = recorded();
    const error = await rejection(h.client({ retry: policy }).getSegmentDetails(KNOWN_SEGMENT_ID));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.equal(h.server.requests.length, 3);
    assert.equal(waits.length, 2);
  });

  it('honours Retry-After on a 5xx', async () => {
    h.server.serverErrors = 1;
    h.server.extraHeaders = { 'retry-after': '3' };
    const { policy, waits } = recorded();
    await h.client({ retry: policy, timeoutMs: 10_000 }).getSegmentDetails(KNOWN_SEGMENT_ID);
    assert.deepEqual(waits, [3000]);
  });

  it('does not retry when Retry-After is past the deadline', async () => {
    h.server.serverErrors = 1;
    h.server.extraHeaders = { 'retry-after': '30' };
    const { policy, waits } = recorded();
    const error = await rejection(h.client({ retry: policy, timeoutMs: 5000 }).getSegmentDetails(KNOWN_SEGMENT_ID));
    assert.equal(error.kind, 'server');
    assert.deepEqual(waits, []);
    assert.equal(h.server.requests.length, 1);
  });

  it('never retries other 4xx, a 429 or a request timeout', async () => {
    const { policy, waits } = recorded();
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['401', () => h.client({ apiKey: 'wrong-key-wrong-key', retry: policy }).listSegments(0, 'asc')],
      ['403', () => h.client({ apiKey: KEYS.noList, retry: policy }).listSegments(0, 'asc')],
      ['404', () => h.client({ retry: policy }).getSegmentDetails(UNKNOWN_SEGMENT_ID)],
      ['400', () => {
        h.server.hostile = { kind: 'markup-message', status: 400 };
        return h.client({ retry: policy }).listSegments(0, 'asc');
      }],
      ['429', () => {
        h.server.hostile = undefined;
        h.server.rateLimitedUntil = Math.floor(Date.now() / 1000) + 60;
        return h.client({ retry: policy }).listSegments(0, 'asc');
      }],
    ];
    for (const [name, call] of cases) {
      h.server.resetRecords();
      await rejection(call());
      assert.equal(h.server.requests.length, 1, name);
    }
    h.server.rateLimitedUntil = undefined;
    h.server.resetRecords();
    h.server.delayMs = 1000;
    assert.equal((await rejection(h.client({ retry: policy, timeoutMs: 200 }).listSegments(0, 'asc'))).kind, 'timeout');
    assert.equal(h.server.requests.length, 1, 'timeout');
    assert.deepEqual(waits, []);
  });

  it('stops waiting as soon as the caller aborts, and sends nothing more', async () => {
    h.server.serverErrors = -1;
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    // The real sleep, with a long wait: only the abort can end it early.
    const client = h.client({ retry: { baseDelayMs: 4000, random: () => 0.99 }, timeoutMs: 20_000 });
    const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID, { signal: controller.signal }));
    assert.equal(error.kind, 'aborted');
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.equal(h.server.requests.length, 1);
  });

  it('retries a connection reset', async () => {
    const faulty = await FaultyServer.resetting(1, h.server.port);
    const transport = new HttpTransport();
    try {
      const { policy, waits } = recorded();
      const client = h.client({ endpoint: `http://127.0.0.1:${faulty.port}`, transport, retry: policy });
      assert.equal((await client.getSegmentDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
      assert.equal(faulty.connections, 2);
      assert.equal(waits.length, 1);
      assert.match(h.log[0].error?.message ?? '', /the connection was closed\. Retry 1 of 2/);
    } finally {
      await transport.close();
      await faulty.close();
    }
  });

  it('retries a connect timeout (a TLS handshake that never completes), at most twice', async () => {
    const silent = await FaultyServer.silent();
    const transport = new HttpTransport({ connectTimeoutMs: 150 });
    try {
      const { policy, waits } = recorded(0);
      const error = await rejection(h.client({ endpoint: `https://127.0.0.1:${silent.port}`, transport, retry: policy, timeoutMs: 5000 }).listSegments(0, 'asc'));
      assert.equal(error.kind, 'network');
      assert.equal(error.code, 'UND_ERR_CONNECT_TIMEOUT');
      assert.equal(silent.connections, 3);
      assert.equal(waits.length, 2);
    } finally {
      await transport.close();
      await silent.close();
    }
  });
});
