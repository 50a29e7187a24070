import assert from 'node:assert/strict';
import { SizeHistory } from '../../../src/segments/sizeHistory';
import { KEYS, KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';

describe('SizeHistory', () => {
  const h = useBrazeServer();
  let clock = 0;
  const history = (apiKey: string = KEYS.all) => {
    const client = h.client({ apiKey });
    return new SizeHistory({ connect: async () => client, ttlMs: () => 60_000, now: () => clock });
  };
  const seriesRequests = () => h.server.requestCount('/segments/data_series', KNOWN_SEGMENT_ID);

  it('fetches each period once while fresh, concurrent callers sharing one request', async () => {
    const sizes = history();
    const [a, b] = await Promise.all([sizes.get(KNOWN_SEGMENT_ID, 30), sizes.get(KNOWN_SEGMENT_ID, 30)]);
    assert.equal(a.length, 30);
    assert.equal(a, b);
    await sizes.get(KNOWN_SEGMENT_ID, 30);
    assert.equal(seriesRequests(), 1);
    assert.equal((await sizes.get(KNOWN_SEGMENT_ID, 7)).length, 7);
    assert.equal(seriesRequests(), 2);
    clock += 60_000;
    await sizes.get(KNOWN_SEGMENT_ID, 30);
    assert.equal(seriesRequests(), 3, 'expired');
  });

  it('passes a missing permission on', async () => {
    const error = await rejection(history(KEYS.noSeries).get(KNOWN_SEGMENT_ID, 30));
    assert.equal(error.permission, 'segments.data_series');
  });
});
