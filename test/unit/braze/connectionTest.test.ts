// Test Connection's report, step by step, against the Braze test server in each way a connection
// can work or fail: direct, through a proxy (with credentials, CONNECT into HTTPS), a 407, a proxy
// that cannot be reached, an untrusted certificate, no key, a rejected key, a missing permission,
// and a server answering 503.
import assert from 'node:assert/strict';
import { type ConnectionReport, reportLines, runConnectionTest } from '../../../src/braze/connectionTest';
import { HttpTransport } from '../../../src/braze/http';
import { DIRECT, type NetworkConfig } from '../../../src/braze/network';
import { KEYS } from '../../server/fixtures';
import { useBrazeServer } from '../helpers';
import { closedPort } from './net/forwardProxy';
import { PROXY_CREDENTIALS, PROXY_PASSWORD, useNetworkLab } from './net/lab';

describe('Test Connection report', () => {
  const h = useBrazeServer();
  const lab = useNetworkLab(h);

  async function run(endpoint: string, network: NetworkConfig, key: string | null = KEYS.all): Promise<ConnectionReport> {
    const transport = new HttpTransport({ network, systemCertificates: lab.systemStore });
    try {
      return await runConnectionTest({ endpoint, key: key ?? undefined, transport, timeoutMs: 3000, retry: { sleep: async () => undefined } });
    } finally {
      await transport.close();
    }
  }
  const statuses = (report: ConnectionReport) => Object.fromEntries(report.steps.map((step) => [step.name, step.status]));
  const detail = (report: ConnectionReport, name: string) => report.steps.find((step) => step.name === name)?.detail ?? '';

  it('direct: every step passes, with the rate limit left', async () => {
    const report = await run(h.server.url, DIRECT);
    assert.ok(report.ok, reportLines(report).join('\n'));
    assert.deepEqual(statuses(report), {
      Endpoint: 'ok',
      Route: 'ok',
      'Trusted certificates': 'ok',
      'Name resolution': 'ok',
      Connection: 'ok',
      TLS: 'skip',
      HTTP: 'ok',
      'API key': 'ok',
      'Permission segments.list': 'ok',
      'Permission segments.details': 'ok',
      'Permission segments.data_series': 'ok',
      'Rate limit': 'ok',
    });
    assert.match(detail(report, 'Route'), /^directly/);
    assert.match(detail(report, 'HTTP'), /^GET \/segments\/list\?page=0&sort_direction=desc answered 200 in \d+ ms$/);
    assert.match(detail(report, 'Rate limit'), /^249,997 of 250,000 requests left this hour, resets at \d{4}-\d\d-\d\dT\d\d:00:00Z/);
    assert.match(report.summary, /answers directly: the key can read segment details, lists and sizes; 249,997 of 250,000 requests left this hour\.$/);
  });

  it('through an authenticating proxy into HTTPS: the tunnel, the certificate seen and its issuer', async () => {
    const report = await run(lab.https.url, lab.viaProxy(lab.guarded.url(PROXY_CREDENTIALS)), KEYS.noSeries);
    assert.ok(report.ok, reportLines(report).join('\n'));
    assert.equal(detail(report, 'Route'), `through the proxy ${lab.guarded.url()} (from http.proxy, with the credentials in its URL)`);
    assert.equal(detail(report, 'Proxy tunnel'), `CONNECT localhost:${lab.https.port} answered 200: the proxy reached Braze`);
    assert.match(detail(report, 'TLS'), new RegExp(`^TLSv1\\.[23], certificate for localhost, 127\\.0\\.0\\.1.* issued by "${lab.certificates.caName}, Example Corp", valid until .*: trusted$`));
    assert.equal(statuses(report)['Permission segments.data_series'], 'warn');
    assert.match(report.summary, /through the proxy .*: the key works but lacks segments\.data_series/);
    assert.ok(lab.guarded.requests.length >= 2 && lab.guarded.requests.every((r) => r.method === 'CONNECT'), 'the probe and the requests went through it');
    assert.ok(!reportLines(report).join('\n').includes(PROXY_PASSWORD));
  });

  it('a proxy answering 407: the tunnel step fails and the rest is skipped', async () => {
    const report = await run(lab.https.url, lab.viaProxy(lab.guarded.url()));
    assert.equal(report.ok, false);
    assert.equal(detail(report, 'Proxy tunnel'), `CONNECT localhost:${lab.https.port} answered 407: it asks for credentials`);
    assert.equal(statuses(report).HTTP, 'skip');
    assert.match(report.summary, /failed at "Proxy tunnel": CONNECT .* answered 407: it asks for credentials\.$/);
  });

  it('a proxy that cannot be reached: the connection to the proxy fails, named as the proxy', async () => {
    const port = await closedPort();
    const report = await run(lab.https.url, lab.viaProxy(`http://127.0.0.1:${port}`));
    assert.equal(report.ok, false);
    assert.match(detail(report, 'Connection'), new RegExp(`^could not connect to the proxy 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('an untrusted certificate: TLS fails, naming the issuer and the fix', async () => {
    const report = await run(lab.https.url, { ...DIRECT, systemCertificates: false });
    assert.equal(report.ok, false);
    assert.equal(statuses(report).TLS, 'fail');
    assert.match(detail(report, 'TLS'), new RegExp(`issued by "${lab.certificates.caName}, Example Corp".*not trusted \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\); if your company inspects TLS, add its root CA`));
    assert.equal(h.server.requests.length, 0);
  });

  it('no key: HTTP still answers (401 without one), and the key step says what to do', async () => {
    const report = await run(h.server.url, DIRECT, null);
    assert.match(detail(report, 'HTTP'), /without a key answered 401/);
    assert.equal(detail(report, 'API key'), 'none is stored for this endpoint: run Braze: Set API Key');
    assert.equal(report.ok, false);
  });

  it('a rejected key fails the key step', async () => {
    const report = await run(h.server.url, DIRECT, 'a-key-braze-never-issued');
    assert.equal(statuses(report)['API key'], 'fail');
    assert.match(detail(report, 'API key'), /rejected it \(401\)/);
  });

  it('a server answering 503: HTTP fails after the retries', async () => {
    h.server.serverErrors = -1;
    const report = await run(h.server.url, DIRECT);
    assert.equal(statuses(report).HTTP, 'fail');
    assert.match(detail(report, 'HTTP'), /answered 503 in \d+ ms \(after 3 attempts\)$/);
  });

  it('writes one line per step, marked, then the result', async () => {
    const lines = reportLines(await run(h.server.url, DIRECT));
    assert.equal(lines[0], `Test Connection for ${h.server.url}`);
    assert.match(lines[1], /^\[ok\] {3}Endpoint: /);
    assert.match(lines[6], /^\[skip\] TLS: not used: the endpoint is http:\/\//);
    assert.match(lines[lines.length - 1], /^Result: Braze /);
  });
});
