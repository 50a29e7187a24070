// The transport's warm-up, against the real test server: it gets an origin ready (undici loaded,
// pool built, one connection open) without sending a request, and the first request uses it.
import assert from 'node:assert/strict';
import { HttpTransport } from '../../../src/braze/http';
import { KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';

describe('HttpTransport warm-up', () => {
  const h = useBrazeServer();

  it('opens a connection and sends nothing; the first request goes out on that connection', async () => {
    await h.freshTransport();
    const origin = h.server.url;
    assert.equal(h.transport.isWarm(origin), false);
    const warm = await h.transport.warmUp(origin);
    assert.deepEqual(warm, { route: { kind: 'direct', reason: 'no proxy is set in http.proxy, HTTPS_PROXY, HTTP_PROXY or ALL_PROXY' }, connected: true });
    assert.equal(h.transport.isWarm(origin), true, 'the next request finds undici loaded and its pool built');
    assert.equal(h.server.connectionCount, 1, 'one connection opened');
    assert.deepEqual(h.server.requests, [], 'and no request sent');

    // Warming again opens nothing more.
    await h.transport.warmUp(origin);
    assert.equal(h.server.connectionCount, 1);

    const details = await h.client().getSegmentDetails(KNOWN_SEGMENT_ID);
    assert.equal(details.id, KNOWN_SEGMENT_ID);
    assert.equal(h.server.requests.length, 1);
    assert.equal(h.server.connectionCount, 1, 'the request used the connection opened ahead');
  });

  it('a connection opened ahead and left unused is closed with the transport', async () => {
    const transport = new HttpTransport();
    try {
      assert.equal((await transport.warmUp(h.server.url))?.connected, true);
    } finally {
      await transport.close();
    }
    assert.equal(transport.isWarm(h.server.url), false);
    assert.deepEqual(h.server.requests, []);
  });

  it('says so, and sends nothing, when nothing listens', async () => {
    const transport = new HttpTransport({ connectTimeoutMs: 500 });
    try {
      const warm = await transport.warmUp('http://127.0.0.1:9');
      assert.equal(warm?.connected, false);
    } finally {
      await transport.close();
    }
  });

  it('through a proxy it builds the agent but opens nothing (a tunnel would be a request to the proxy)', async () => {
    const transport = new HttpTransport({ network: { proxy: 'http://127.0.0.1:9', noProxy: [], proxySupport: 'override', strictSSL: true, systemCertificates: false, env: {} } });
    try {
      const warm = await transport.warmUp(h.server.url);
      assert.equal(warm?.route.kind, 'proxy');
      assert.equal(warm?.connected, false);
      assert.equal(transport.isWarm(h.server.url), true);
      assert.equal(h.server.connectionCount, 0);
    } finally {
      await transport.close();
    }
  });
});
