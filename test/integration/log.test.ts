// The "Braze" log records each request, and never a key: not the saved one, not a rejected one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KEYS, KNOWN_SEGMENT_ID, UNKNOWN_SEGMENT_ID } from '../server/fixtures';
import { readLog, setKey, useBrazeServer, waitFor } from './helpers';

const REJECTED_KEY = 'rejected-key-5f3a9c';

describe('Braze log', () => {
  const ctx = useBrazeServer();

  it('logs each request and never the key', async () => {
    assert.equal(await setKey(REJECTED_KEY), 'rejected');
    assert.equal(await setKey(KEYS.noDetails), 'saved-lacking');
    assert.equal(await setKey(KEYS.all), 'saved');
    await vscode.commands.executeCommand('braze.lookupSegment', KNOWN_SEGMENT_ID);
    await vscode.commands.executeCommand('braze.lookupSegment', UNKNOWN_SEGMENT_ID);
    // The log file is written asynchronously: wait for the last request to reach it.
    const log = await waitFor(
      'the last lookup in the log file',
      async () => {
        const text = await readLog(ctx.api.logUri);
        return text.includes(`segment_id=${UNKNOWN_SEGMENT_ID}`) ? text : undefined;
      },
      15_000,
    );
    assert.match(log, new RegExp(`GET ${ctx.server.url.replace(/[.]/g, '\\.')}/segments/details\\?segment_id=${KNOWN_SEGMENT_ID}`));
    assert.match(log, /\/segments\/list/);
    for (const key of [REJECTED_KEY, KEYS.noDetails, KEYS.all]) {
      assert.ok(!log.includes(key), `the log contains the key ${key}`);
    }
    assert.ok(!/authorization|bearer/i.test(log), 'the log mentions the Authorization header');
  });
});
