// Proxies: which route a request takes (settings before the environment, curl's NO_PROXY rules), and
// requests over real sockets through a real forward proxy (the `proxy` package) on loopback: CONNECT
// tunnels into an HTTPS Braze test server, absolute-form requests to the plain one, credentials,
// 407, a proxy that cannot be reached, and settings that change between requests.
import assert from 'node:assert/strict';
import { HttpTransport, type HttpTransportOptions } from '../../../src/braze/http';
import { DIRECT, type NetworkConfig } from '../../../src/braze/network';
import { decideRoute, noProxyEntryMatches, proxySecrets } from '../../../src/braze/proxy';
import { describeError } from '../../../src/segments/errorText';
import { KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { ForwardProxy, closedPort } from './net/forwardProxy';
import { PROXY_CREDENTIALS, PROXY_PASSWORD, useNetworkLab } from './net/lab';

const config = (extra: Partial<NetworkConfig>): NetworkConfig => ({ ...DIRECT, proxySupport: 'override', ...extra });
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('Proxy routes', () => {
  it('takes http.proxy before the environment, and the environment when the setting is empty', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128' };
    const fromSetting = decideRoute(config({ proxy: 'http://setting-proxy:8080', env }), 'https://rest.iad-01.braze.com').route;
    assert.deepEqual(fromSetting, { kind: 'proxy', proxy: { display: 'http://setting-proxy:8080', source: 'http.proxy' } });
    const fromEnv = decideRoute(config({ env }), 'https://rest.iad-01.braze.com').route;
    assert.deepEqual(fromEnv, { kind: 'proxy', proxy: { display: 'http://env-proxy:3128', source: 'HTTPS_PROXY' } });
  });

  it('reads the environment as curl does: lower case first, the scheme-specific variable, then ALL_PROXY', () => {
    const route = (env: Record<string, string>, origin = 'https://rest.fra-01.braze.eu') => {
      const decided = decideRoute(config({ env }), origin).route;
      return decided.kind === 'proxy' ? `${decided.proxy.source} ${decided.proxy.display}` : decided.kind;
    };
    assert.equal(route({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }), 'https_proxy http://lower:1');
    assert.equal(route({ HTTPS_PROXY: 'proxy.corp:3128' }), 'HTTPS_PROXY http://proxy.corp:3128', 'a bare host:port is an http:// proxy');
    assert.equal(route({ HTTP_PROXY: 'http://plain:1' }), 'direct', 'HTTP_PROXY is not for https://');
    assert.equal(route({ HTTP_PROXY: 'http://plain:1' }, 'http://127.0.0.1:8080'), 'HTTP_PROXY http://plain:1');
    assert.equal(route({ ALL_PROXY: 'http://all:1', https_proxy: '' }), 'ALL_PROXY http://all:1');
  });

  it('goes direct when http.proxySupport is "off", even with a proxy set everywhere', () => {
    const decided = decideRoute({ ...DIRECT, proxySupport: 'off', proxy: 'http://p:1', env: { HTTPS_PROXY: 'http://q:2' } }, 'https://rest.iad-01.braze.com');
    assert.deepEqual(decided.route, { kind: 'direct', reason: 'http.proxySupport is "off"' });
    assert.equal(decided.connection, undefined);
  });

  it('proxies loopback too, unless a no-proxy entry names it (curl\'s rule)', () => {
    assert.equal(decideRoute(config({ proxy: 'http://p:1' }), 'http://127.0.0.1:4000').route.kind, 'proxy');
    const listed = decideRoute(config({ proxy: 'http://p:1', noProxy: ['127.0.0.1'] }), 'http://127.0.0.1:4000').route;
    assert.deepEqual(listed, { kind: 'direct', reason: 'http.noProxy lists "127.0.0.1"' });
    const fromEnv = decideRoute(config({ env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost, .braze.com' } }), 'https://rest.iad-01.braze.com').route;
    assert.deepEqual(fromEnv, { kind: 'direct', reason: 'NO_PROXY lists ".braze.com"' });
    const settingsWin = decideRoute(config({ noProxy: ['example.org'], env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' } }), 'https://rest.iad-01.braze.com').route;
    assert.equal(settingsWin.kind, 'proxy', 'http.noProxy replaces NO_PROXY');
  });

  it('matches no-proxy entries like curl: domains cover their subdomains, *, IPs, CIDR ranges, ports', () => {
    const cases: Array<[string, string, number, boolean]> = [
      ['braze.com', 'rest.iad-01.braze.com', 443, true],
      ['braze.com', 'braze.com', 443, true],
      ['.braze.com', 'rest.iad-01.braze.com', 443, true],
      ['*.braze.com', 'rest.iad-01.braze.com', 443, true],
      ['braze.com', 'notbraze.com', 443, false],
      ['braze.com', 'braze.com.evil.example', 443, false],
      ['*', 'anything.example', 80, true],
      ['127.0.0.1', '127.0.0.1', 80, true],
      ['127.0.0.0/8', '127.4.5.6', 80, true],
      ['10.0.0.0/8', '127.0.0.1', 80, false],
      ['::1', '::1', 80, true],
      ['[::1]:8080', '::1', 8080, true],
      ['localhost:8080', 'localhost', 8080, true],
      ['localhost:8080', 'localhost', 9090, false],
      ['', 'localhost', 80, false],
    ];
    for (const [entry, host, port, expected] of cases) assert.equal(noProxyEntryMatches(entry, host, port), expected, `${entry} vs ${host}:${port}`);
  });

  it('sends the URL credentials as Basic, or http.proxyAuthorization instead, and never shows them', () => {
    const withUrl = decideRoute(config({ proxy: `http://alice:${encodeURIComponent('p@ss:w0rd')}@proxy.corp:3128` }), 'https://rest.iad-01.braze.com');
    assert.equal(withUrl.connection?.token, basic('alice:p@ss:w0rd'));
    assert.equal(withUrl.connection?.uri, 'http://proxy.corp:3128');
    assert.doesNotMatch(JSON.stringify(withUrl.route), /alice|p@ss|w0rd/);
    const withSetting = decideRoute(config({ proxy: 'http://u:x@proxy.corp:3128', proxyAuthorization: 'Negotiate abc123' }), 'https://rest.iad-01.braze.com');
    assert.equal(withSetting.connection?.token, 'Negotiate abc123');
    assert.deepEqual(withSetting.route, { kind: 'proxy', proxy: { display: 'http://proxy.corp:3128', source: 'http.proxy', credentials: 'http.proxyAuthorization' } });
    assert.ok(proxySecrets(config({ proxy: `http://alice:${PROXY_PASSWORD}@p:1` })).includes(PROXY_PASSWORD));
  });

  it('refuses a proxy it cannot use instead of going around it, without echoing the value', () => {
    const socks = decideRoute(config({ proxy: 'socks5://alice:secret@127.0.0.1:1080' }), 'https://rest.iad-01.braze.com').route;
    assert.equal(socks.kind, 'unusable');
    const broken = decideRoute(config({ env: { HTTPS_PROXY: 'http://alice:secret@[broken' } }), 'https://rest.iad-01.braze.com').route;
    assert.deepEqual(broken, { kind: 'unusable', source: 'HTTPS_PROXY', reason: 'it is not a URL' });
    assert.doesNotMatch(JSON.stringify([socks, broken]), /secret/);
  });
});

describe('Requests through a forward proxy', () => {
  const h = useBrazeServer();
  const lab = useNetworkLab(h);
  const transports: HttpTransport[] = [];
  const transport = (network: NetworkConfig, options: HttpTransportOptions = {}) => {
    const created = new HttpTransport({ network, systemCertificates: lab.systemStore, ...options });
    transports.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  it('tunnels https:// through CONNECT, sending the credentials from http.proxy', async () => {
    const client = h.client({ endpoint: lab.https.url, transport: transport(lab.viaProxy(lab.guarded.url(PROXY_CREDENTIALS))) });
    assert.equal((await client.getSegmentDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
    const tunnels = lab.guarded.requests.filter((r) => r.method === 'CONNECT');
    assert.equal(tunnels.length, 1);
    assert.equal(tunnels[0].target, `localhost:${lab.https.port}`);
    assert.equal(tunnels[0].authorization, basic(PROXY_CREDENTIALS));
    assert.equal(h.server.requestCount('/segments/details', KNOWN_SEGMENT_ID), 1, 'and Braze got it');
  });

  it('sends http:// requests to the proxy in absolute form', async () => {
    const client = h.client({ transport: transport(lab.viaProxy(lab.open.url())) });
    await client.listSegments(0, 'asc');
    assert.deepEqual(lab.open.requests.map((r) => [r.method, r.target]), [['GET', `${h.server.url}/segments/list?page=0&sort_direction=asc`]]);
    assert.equal(h.server.requests.length, 1);
  });

  it('reaches an https:// proxy over TLS, trusting its certificate like Braze\'s', async () => {
    const secure = await ForwardProxy.start({ tls: lab.certificates });
    try {
      for (const endpoint of [lab.https.url, h.server.url]) {
        const client = h.client({ endpoint, transport: transport(lab.viaProxy(secure.url())) });
        await client.listSegments(0, 'asc');
      }
      // undici tunnels http:// origins too when the proxy itself speaks TLS.
      assert.deepEqual(secure.requests.map((r) => [r.method, r.target]), [
        ['CONNECT', `localhost:${lab.https.port}`],
        ['CONNECT', `127.0.0.1:${h.server.port}`],
      ]);
      const untrusted = h.client({ transport: transport(lab.viaProxy(secure.url(), { systemCertificates: false })) });
      const error = await rejection(untrusted.listSegments(0, 'asc'));
      assert.equal(error.kind, 'certificate');
    } finally {
      await secure.close();
    }
  });

  it('takes HTTPS_PROXY from the environment when http.proxy is empty', async () => {
    const client = h.client({ endpoint: lab.https.url, transport: transport(lab.viaProxy('', { env: { HTTPS_PROXY: lab.open.url() } })) });
    await client.listSegments(0, 'asc');
    assert.equal(lab.open.count(`localhost:${lab.https.port}`), 1);
  });

  it('goes direct for a host in http.noProxy, and applies a settings change to the next request', async () => {
    const shared = transport(lab.viaProxy(lab.open.url(), { noProxy: ['127.0.0.1'] }));
    const client = h.client({ transport: shared });
    await client.listSegments(0, 'asc');
    assert.equal(lab.open.requests.length, 0, 'a listed loopback host is reached directly');
    shared.configure(lab.viaProxy(lab.open.url()));
    await client.listSegments(0, 'asc');
    assert.equal(lab.open.requests.length, 1, 'the next request after the change went through the proxy');
    assert.equal(h.server.requests.length, 2);
  });

  it('lets a request in flight finish on the old connection, and sends a queued one with the new settings', async () => {
    const shared = transport(DIRECT, { connectionsPerOrigin: 1 });
    const client = h.client({ transport: shared });
    h.server.delayMs = 300;
    const inFlight = client.listSegments(0, 'asc');
    const queued = client.listSegments(1, 'asc'); // waits for the one connection
    await new Promise((resolve) => setTimeout(resolve, 100));
    shared.configure(lab.viaProxy(lab.open.url()));
    const [first, second] = await Promise.allSettled([inFlight, queued]);
    assert.equal(first.status, 'fulfilled', String((first as PromiseRejectedResult).reason));
    assert.equal(second.status, 'fulfilled', String((second as PromiseRejectedResult).reason));
    assert.deepEqual(lab.open.requests.map((r) => r.target), [`${h.server.url}/segments/list?page=1&sort_direction=asc`]);
  });

  it('says the proxy wants credentials on a 407, for tunnels and absolute-form requests alike', async () => {
    for (const endpoint of [lab.https.url, h.server.url]) {
      const client = h.client({ endpoint, transport: transport(lab.viaProxy(lab.guarded.url())) });
      const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
      assert.equal(error.kind, 'proxy', endpoint);
      assert.equal(error.status, 407);
      assert.equal(error.message, `The proxy ${lab.guarded.url()} (from http.proxy) asks for credentials (407).`);
      assert.match(describeError(error, 'US-03').message, /http:\/\/user:password@host:port, or set http\.proxyAuthorization/);
    }
    assert.equal(h.server.requests.length, 0, 'nothing reached Braze');
  });

  it('says the credentials were refused, and never shows the password', async () => {
    const client = h.client({ endpoint: lab.https.url, transport: transport(lab.viaProxy(lab.guarded.url(`alice:wrong-${PROXY_PASSWORD}`))) });
    const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
    assert.equal(error.kind, 'proxy');
    assert.match(error.message, /did not accept the credentials \(407\)/);
    const everything = JSON.stringify([error.message, describeError(error, 'US-03'), h.log.map((entry) => entry.error?.message)]);
    assert.ok(!everything.includes(PROXY_PASSWORD), everything);
    assert.ok(!everything.includes('alice'), everything);
  });

  it('names an unreachable proxy as the proxy, not Braze, and does not go around it', async () => {
    const port = await closedPort();
    const client = h.client({ endpoint: lab.https.url, transport: transport(lab.viaProxy(`http://alice:${PROXY_PASSWORD}@127.0.0.1:${port}`)) });
    const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
    assert.equal(error.kind, 'proxy');
    assert.equal(error.message, `Could not reach the proxy http://127.0.0.1:${port} (from http.proxy, with the credentials in its URL): the connection was refused.`);
    assert.doesNotMatch(describeError(error, 'US-03').message, /reach Braze|reach https|pr0xy/);
    assert.equal(lab.https.handshakes, 0, 'no direct connection to Braze either');
  });

  it('refuses requests when the configured proxy cannot be used', async () => {
    const client = h.client({ transport: transport(lab.viaProxy('socks5://127.0.0.1:1080')) });
    const error = await rejection(client.listSegments(0, 'asc'));
    assert.equal(error.kind, 'proxy');
    assert.match(error.message, /The proxy in http\.proxy cannot be used: socks5 proxies are not supported/);
    assert.equal(h.server.requests.length, 0);
  });

  it('tells the log once which route each origin takes', async () => {
    const notices: string[] = [];
    const client = h.client({ transport: transport(lab.viaProxy(lab.open.url()), { onNotice: (n) => notices.push(n.message) }) });
    await client.listSegments(0, 'asc');
    await client.listSegments(1, 'asc');
    assert.deepEqual(notices.filter((n) => n.startsWith('Requests to')), [`Requests to ${h.server.url} go through the proxy ${lab.open.url()} (from http.proxy).`]);
  });
});
