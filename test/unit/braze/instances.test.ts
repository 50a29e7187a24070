import assert from 'node:assert/strict';
import { BRAZE_INSTANCES, checkEndpoint, dashboardUrlFor, instanceLabel } from '../../../src/braze/instances';
import { segmentIdProblem } from '../../../src/braze/segmentId';
import { headerValue, readRateLimit } from '../../../src/braze/rateLimit';

describe('Braze instances and endpoints', () => {
  it('lists every public instance, without US-09', () => {
    assert.deepEqual(
      BRAZE_INSTANCES.map((i) => i.id),
      ['US-01', 'US-02', 'US-03', 'US-04', 'US-05', 'US-06', 'US-07', 'US-08', 'US-10', 'EU-01', 'EU-02', 'AU-01', 'ID-01', 'JP-01', 'KR-01'],
    );
    assert.equal(BRAZE_INSTANCES.find((i) => i.id === 'US-03')?.restUrl, 'https://rest.iad-03.braze.com');
    assert.equal(BRAZE_INSTANCES.find((i) => i.id === 'EU-02')?.dashboardUrl, 'https://dashboard-02.braze.eu');
    assert.equal(BRAZE_INSTANCES.find((i) => i.id === 'JP-01')?.restUrl, 'https://rest.jp-01.braze.com');
  });

  const accepted: Array<[string, string]> = [
    ['https://rest.iad-01.braze.com', 'https://rest.iad-01.braze.com'],
    ['  https://rest.fra-02.braze.eu/  ', 'https://rest.fra-02.braze.eu'],
    ['https://REST.IAD-03.BRAZE.COM', 'https://rest.iad-03.braze.com'],
    ['https://rest.custom-7.braze.com', 'https://rest.custom-7.braze.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ];
  for (const [input, endpoint] of accepted) {
    it(`accepts ${input.trim()}`, () => assert.deepEqual(checkEndpoint(input), { ok: true, endpoint }));
  }

  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['rest.iad-01.braze.com', /not a URL/],
    ['https://evil.example.com', /not a Braze host/],
    ['https://braze.com.evil.example', /not a Braze host/],
    ['https://evilbraze.com', /not a Braze host/],
    ['http://rest.iad-01.braze.com', /only allowed on this machine/],
    ['http://10.0.0.5:4010', /only allowed on this machine/],
    ['https://rest.iad-01.braze.com/segments/list', /without a path/],
    ['https://user:pass@rest.iad-01.braze.com', /user name or password/],
    ['ftp://rest.iad-01.braze.com', /not supported/],
  ];
  for (const [input, reason] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const check = checkEndpoint(input);
      assert.equal(check.ok, false);
      if (!check.ok) assert.match(check.reason, reason);
    });
  }

  it('names instances and finds their dashboards', () => {
    assert.equal(instanceLabel('https://rest.iad-03.braze.com'), 'US-03');
    assert.equal(instanceLabel('http://127.0.0.1:4010'), '127.0.0.1:4010');
    assert.equal(dashboardUrlFor('https://rest.iad-03.braze.com'), 'https://dashboard-03.braze.com');
    assert.equal(dashboardUrlFor('https://rest.us-10.braze.com'), 'https://dashboard.us-10.braze.com');
    assert.equal(dashboardUrlFor('https://rest.custom.braze.com'), 'https://dashboard.custom.braze.com');
    assert.equal(dashboardUrlFor('http://127.0.0.1:4010'), undefined);
  });
});

describe('segment id validation', () => {
  it('accepts printable ASCII up to 64 characters', () => {
    assert.equal(segmentIdProblem('3bbc4555-8fa0-4c9b-a5c0-4505edf3e064'), undefined);
    assert.equal(segmentIdProblem('x'.repeat(64)), undefined);
    assert.equal(segmentIdProblem('a&b=c'), undefined);
  });
  it('refuses empty, long, spaced and non-ASCII ids with a reason', () => {
    assert.match(segmentIdProblem('') ?? '', /Enter/);
    assert.match(segmentIdProblem('x'.repeat(65)) ?? '', /at most 64/);
    assert.match(segmentIdProblem('a b') ?? '', /printable ASCII/);
    assert.match(segmentIdProblem('ségment') ?? '', /printable ASCII/);
    assert.match(segmentIdProblem('a\nb') ?? '', /printable ASCII/);
  });
});

describe('rate-limit headers', () => {
  it('are read case-insensitively', () => {
    const headers = { 'X-RateLimit-Limit': '250000', 'x-ratelimit-REMAINING': '12', 'X-RATELIMIT-RESET': '1700000000' };
    assert.equal(headerValue(headers, 'x-ratelimit-remaining'), '12');
    assert.deepEqual(readRateLimit(headers), { limit: 250000, remaining: 12, resetAt: new Date(1_700_000_000_000) });
  });
  it('are absent when Braze sends none, and ignore garbage', () => {
    assert.equal(readRateLimit({ 'content-type': 'application/json' }), undefined);
    assert.deepEqual(readRateLimit({ 'x-ratelimit-remaining': 'lots' , 'x-ratelimit-limit': '10' }), { limit: 10, remaining: undefined, resetAt: undefined });
  });
});
