import assert from 'node:assert/strict';
import { BrazeError } from '../../../src/braze/errors';
import { RETRY_BASE_MS, RETRY_MAX_MS, retryDelay } from '../../../src/segments/retryPlan';

describe('retryDelay: when a failed list load tries again by itself', () => {
  const NOW = Date.UTC(2026, 11, 1, 12);

  it('waits 15 s, doubling to 5 minutes, while Braze or the network is down', () => {
    const offline = new BrazeError('network', 'x');
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map((attempt) => retryDelay(offline, attempt, NOW)), [15_000, 30_000, 60_000, 120_000, 240_000, RETRY_MAX_MS, RETRY_MAX_MS]);
    for (const kind of ['timeout', 'not-sent', 'server', 'invalid-response'] as const) assert.equal(retryDelay(new BrazeError(kind, 'x'), 1, NOW), RETRY_BASE_MS, kind);
  });

  it('tries once just after a rate limit resets', () => {
    assert.equal(retryDelay(new BrazeError('rate-limited', 'x', { resetAt: new Date(NOW + 42_000) }), 3, NOW), 43_000);
    assert.equal(retryDelay(new BrazeError('rate-limited', 'x', { resetAt: new Date(NOW - 5000) }), 1, NOW), 1000, 'a reset in the past: at once');
  });

  it('does not retry what needs the user: a key, a permission, a bug, a proxy that answered', () => {
    for (const error of [new BrazeError('invalid-key', 'x'), new BrazeError('missing-permission', 'x'), new BrazeError('internal', 'x'), new BrazeError('bad-request', 'x'), new BrazeError('proxy', 'x', { status: 407 })]) {
      assert.equal(retryDelay(error, 1, NOW), undefined, error.kind);
    }
    assert.equal(retryDelay(new BrazeError('proxy', 'x'), 1, NOW), RETRY_BASE_MS, 'a proxy out of reach may come back');
  });
});
