import assert from 'node:assert/strict';
import { BrazeError } from '../../../src/braze/errors';
import { SegmentService, type SegmentChange } from '../../../src/segments/segmentService';
import { KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

describe('SegmentService', () => {
  const h = useBrazeServer();
  let clock: number;
  let ttl: number;
  const service = (options: { maxEntries?: number } = {}) => {
    const client = h.client();
    return new SegmentService({ connect: async () => client, ttlMs: () => ttl, now: () => clock, ...options });
  };
  const detailsRequests = (id = KNOWN_SEGMENT_ID) => h.server.requestCount('/segments/details', id);

  beforeEach(() => {
    clock = 1_000_000;
    ttl = 60_000;
  });

  it('answers from the cache while fresh, and asks again after the TTL', async () => {
    const segments = service();
    assert.equal((await segments.getDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
    await segments.getDetails(KNOWN_SEGMENT_ID);
    assert.equal(detailsRequests(), 1);
    assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.stale, false);
    clock += 60_000;
    assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.stale, true, 'peek still has it, marked stale');
    await segments.getDetails(KNOWN_SEGMENT_ID);
    assert.equal(detailsRequests(), 2);
  });

  it('refresh asks Braze even when fresh', async () => {
    const segments = service();
    await segments.getDetails(KNOWN_SEGMENT_ID);
    await segments.getDetails(KNOWN_SEGMENT_ID, { refresh: true });
    assert.equal(detailsRequests(), 2);
  });

  it('makes one request for many concurrent callers of one id', async () => {
    h.server.delayMs = 100;
    const segments = service();
    const results = await Promise.all(Array.from({ length: 20 }, () => segments.getDetails(KNOWN_SEGMENT_ID)));
    assert.ok(results.every((details) => details.name === 'Lapsed buyers (EU)'));
    assert.equal(detailsRequests(), 1);
  });

  it('a caller that cancels does not cancel the request others wait for', async () => {
    h.server.delayMs = 150;
    const segments = service();
    const leaving = new AbortController();
    const staying = new AbortController();
    const first = segments.getDetails(KNOWN_SEGMENT_ID, { signal: leaving.signal });
    const second = segments.getDetails(KNOWN_SEGMENT_ID, { signal: staying.signal });
    setTimeout(() => leaving.abort(), 20);
    assert.equal((await rejection(first)).kind, 'aborted');
    assert.equal((await second).name, 'Lapsed buyers (EU)');
    assert.equal(detailsRequests(), 1);
    assert.equal(segments.peek(KNOWN_SEGMENT_ID)?.kind, 'found');
  });

  it('when every caller cancels, the request is aborted and nothing is cached', async () => {
    h.server.delayMs = 300;
    const segments = service();
    const controllers = [new AbortController(), new AbortController()];
    const calls = controllers.map((controller) => segments.getDetails(KNOWN_SEGMENT_ID, { signal: controller.signal }));
    setTimeout(() => controllers.forEach((controller) => controller.abort()), 20);
    for (const call of calls) assert.equal((await rejection(call)).kind, 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(segments.peek(KNOWN_SEGMENT_ID), undefined);
    assert.equal(h.server.requests[0].status, 0, 'the server never got to answer: the client left');
    // and the next caller starts a new request rather than joining the aborted one
    h.server.delayMs = 0;
    assert.equal((await segments.getDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
  });

  it('remembers ids Braze does not know (negative cache)', async () => {
    const segments = service();
    assert.equal((await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID))).kind, 'not-found');
    assert.equal((await rejection(segments.getDetails(UNKNOWN_SEGMENT_ID))).kind, 'not-found');
    assert.equal(detailsRequests(UNKNOWN_SEGMENT_ID), 1);
    assert.equal(segments.peek(UNKNOWN_SEGMENT_ID)?.kind, 'missing');
  });

  it('keeps the last good data when a refresh fails', async () => {
    const segments = service();
    await segments.getDetails(KNOWN_SEGMENT_ID);
    h.server.serverErrors = 1;
    assert.equal((await rejection(segments.getDetails(KNOWN_SEGMENT_ID, { refresh: true }))).kind, 'server');
    const cached = segments.peek(KNOWN_SEGMENT_ID);
    assert.equal(cached?.kind === 'found' && cached.details.name, 'Lapsed buyers (EU)');
  });

  it('emits a change per stored id, and one for clear()', async () => {
    const segments = service();
    const changes: SegmentChange[] = [];
    segments.onDidChange((change) => changes.push(change));
    await segments.getDetails(KNOWN_SEGMENT_ID);
    segments.clear();
    assert.deepEqual(changes, [{ ids: [KNOWN_SEGMENT_ID] }, {}]);
    assert.equal(segments.peek(KNOWN_SEGMENT_ID), undefined);
  });

  it('stays within its bound, dropping the oldest entries', async () => {
    const segments = service({ maxEntries: 2 });
    for (const id of [KNOWN_SEGMENT_ID, MARKUP_SEGMENT_ID, UNICODE_SEGMENT_ID]) await segments.getDetails(id);
    assert.equal(segments.peek(KNOWN_SEGMENT_ID), undefined);
    assert.ok(segments.peek(MARKUP_SEGMENT_ID));
    assert.ok(segments.peek(UNICODE_SEGMENT_ID));
  });

  it('passes on configuration errors without a request', async () => {
    const segments = new SegmentService({
      connect: async () => {
        throw new BrazeError('no-key', 'No API key is set.');
      },
      ttlMs: () => ttl,
    });
    assert.equal((await rejection(segments.getDetails(KNOWN_SEGMENT_ID))).kind, 'no-key');
    assert.equal(h.server.requests.length, 0);
  });
});
