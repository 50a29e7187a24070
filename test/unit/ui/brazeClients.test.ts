// BrazeClients' warm-up in plain Node (the module needs no vscode at run time): after its delay it
// gets the transport ready for the endpoints it is given, sends nothing, and says so in the log; a
// dispose before the delay cancels it.
import assert from 'node:assert/strict';
import { DIRECT, type NetworkConfig } from '../../../src/braze/network';
import { Emitter } from '../../../src/common/events';
import { BrazeClients } from '../../../src/ui/brazeClients';
import type { BrazeLog } from '../../../src/ui/log';
import type { NetworkSettings } from '../../../src/ui/networkSettings';
import { KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';

/** The parts of BrazeLog and NetworkSettings BrazeClients uses, writing lines where a test reads them. */
function stand(): { log: BrazeLog; network: NetworkSettings; lines: string[]; dispose(): void } {
  const lines: string[] = [];
  const changed = new Emitter<NetworkConfig>();
  const log = { protect: () => undefined, info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), request: () => undefined } as unknown as BrazeLog;
  const network = { current: () => DIRECT, onDidChange: changed.event } as unknown as NetworkSettings;
  return { log, network, lines, dispose: () => changed.dispose() };
}

describe('BrazeClients warm-up', () => {
  const h = useBrazeServer();

  it('after its delay, warms each endpoint once without a request; the first request needs nothing more', async () => {
    const { log, network, lines, dispose } = stand();
    const clients = new BrazeClients(log, network);
    try {
      const origin = h.server.url;
      let asked = 0;
      const done = clients.scheduleWarmUp(async () => {
        asked++;
        return [origin, origin];
      }, 20);
      assert.equal(asked, 0, 'the endpoints are asked for when the delay is over, not at once');
      assert.equal(clients.isWarm(origin), false);
      await done;
      assert.equal(asked, 1);
      assert.equal(clients.isWarm(origin), true);
      assert.deepEqual(h.server.requests, [], 'no request to Braze');
      assert.equal(h.server.connectionCount, 1, 'one connection, for the two mentions of the endpoint');
      const warmed = lines.filter((line) => line.startsWith('Warmed up'));
      assert.equal(warmed.length, 1, lines.join('\n'));
      assert.match(warmed[0], /^Warmed up http:\/\/127\.0\.0\.1:\d+ in \d+ ms, without a request: a connection is open\.$/);

      await clients.create(origin, 'test-key-all', 5000).getSegmentDetails(KNOWN_SEGMENT_ID);
      assert.equal(h.server.requests.length, 1);
      assert.equal(h.server.connectionCount, 1, 'the request went out on the connection opened ahead');
    } finally {
      clients.dispose();
      dispose();
    }
  });

  it('disposed before its delay, it warms nothing', async () => {
    const { log, network, lines, dispose } = stand();
    const clients = new BrazeClients(log, network);
    let asked = 0;
    const done = clients.scheduleWarmUp(async () => {
      asked++;
      return [h.server.url];
    }, 20);
    clients.dispose();
    dispose();
    await done;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(asked, 0);
    assert.deepEqual(lines, []);
    assert.equal(h.server.connectionCount, 0);
  });
});
