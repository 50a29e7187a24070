import assert from 'node:assert/strict';
import { checkKey, listPermissions } from '../../../src/segments/keyCheck';
import { KEYS } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';

describe('checkKey', () => {
  const h = useBrazeServer();

  it('a key with every permission is valid', async () => {
    assert.deepEqual(await checkKey(h.client({ apiKey: KEYS.all })), { outcome: 'valid' });
  });

  it('a rejected key costs one request', async () => {
    assert.deepEqual(await checkKey(h.client({ apiKey: 'not-a-key-braze-knows' })), { outcome: 'rejected' });
    assert.equal(h.server.requests.length, 1);
  });

  it('names each missing permission', async () => {
    assert.deepEqual(await checkKey(h.client({ apiKey: KEYS.noList })), { outcome: 'lacking', missing: ['segments.list'] });
    assert.deepEqual(await checkKey(h.client({ apiKey: KEYS.noDetails })), { outcome: 'lacking', missing: ['segments.details'] });
    assert.deepEqual(await checkKey(h.client({ apiKey: KEYS.noSeries })), { outcome: 'lacking', missing: ['segments.data_series'] });
    assert.deepEqual(await checkKey(h.client({ apiKey: KEYS.none })), {
      outcome: 'lacking',
      missing: ['segments.list', 'segments.details', 'segments.data_series'],
    });
  });

  it('cannot tell when Braze cannot answer', async () => {
    h.server.serverErrors = -1;
    const check = await checkKey(h.client());
    assert.equal(check.outcome, 'unknown');
    assert.equal(check.outcome === 'unknown' && check.error.kind, 'server');
  });

  it('words permission lists', () => {
    assert.equal(listPermissions(['a']), 'a');
    assert.equal(listPermissions(['a', 'b', 'c']), 'a, b and c');
  });
});
