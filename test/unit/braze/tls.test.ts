// TLS like VS Code's: the OS store trusted when http.systemCertificates is on (its reader pointed at
// a test bundle), NODE_EXTRA_CA_CERTS honoured (in a child process, where Node reads it at start-up),
// http.proxyStrictSSL=false accepted with a warning, and a refused certificate named with its host,
// its issuer and the fix, against a real HTTPS server whose CA was made for this run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpTransport, type HttpTransportOptions, type NetworkNotice } from '../../../src/braze/http';
import { DIRECT, type NetworkConfig } from '../../../src/braze/network';
import { readSystemCertificates } from '../../../src/braze/systemCertificates';
import { strictSslWarning } from '../../../src/braze/tlsTrust';
import { describeError } from '../../../src/segments/errorText';
import { KNOWN_SEGMENT_ID } from '../../server/fixtures';
import { rejection, useBrazeServer } from '../helpers';
import { makeTestCertificates } from './net/certificates';
import { useNetworkLab } from './net/lab';
import { TlsFront } from './net/tlsFront';

describe('TLS trust', () => {
  const h = useBrazeServer();
  const lab = useNetworkLab(h);
  const transports: HttpTransport[] = [];
  const transport = (network: Partial<NetworkConfig>, options: HttpTransportOptions = {}) => {
    const created = new HttpTransport({ network: { ...DIRECT, ...network }, systemCertificates: lab.systemStore, ...options });
    transports.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  describe('the OS-store reader', () => {
    it('reads the first bundle that exists, without duplicates', async () => {
      const doubled = path.join(lab.dir, 'doubled.pem');
      fs.writeFileSync(doubled, `${lab.certificates.caPem}\n${lab.certificates.caPem}\n`);
      const read = await readSystemCertificates({ bundles: [path.join(lab.dir, 'missing.pem'), doubled, lab.caBundle] });
      assert.equal(read.source, doubled);
      assert.deepEqual(read.certificates, [lab.certificates.caPem.trim()]);
    });

    it('says why there are none when no bundle exists', async () => {
      const read = await readSystemCertificates({ bundles: [path.join(lab.dir, 'missing.pem')] });
      assert.deepEqual(read.certificates, []);
      assert.match(read.source, /none of .*missing\.pem exists/);
    });

    it('on Windows without a reader in Node, says what to do', async () => {
      const read = await readSystemCertificates({ platform: 'win32', nodeReader: null });
      assert.deepEqual(read.certificates, []);
      assert.match(read.source, /NODE_EXTRA_CA_CERTS/);
    });
  });

  it('trusts the OS store when http.systemCertificates is on', async () => {
    const client = h.client({ endpoint: lab.https.url, transport: transport({ systemCertificates: true }) });
    assert.equal((await client.getSegmentDetails(KNOWN_SEGMENT_ID)).name, 'Lapsed buyers (EU)');
  });

  it('refuses a certificate the machine does not trust, naming the host, the issuer and the fix', async () => {
    const client = h.client({ endpoint: lab.https.url, transport: transport({ systemCertificates: false }) });
    const error = await rejection(client.getSegmentDetails(KNOWN_SEGMENT_ID));
    assert.equal(error.kind, 'certificate');
    assert.equal(error.host, 'localhost');
    assert.equal(error.issuer, `${lab.certificates.caName}, Example Corp`);
    assert.equal(
      error.message,
      `The TLS certificate of localhost was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): it was issued by "${lab.certificates.caName}, Example Corp", which this machine does not trust.`,
    );
    assert.match(describeError(error, 'US-03').message, /root certificate to the operating system's certificate store \(with http\.systemCertificates on\) or point NODE_EXTRA_CA_CERTS at it/);
    assert.equal(h.server.requests.length, 0, 'nothing was sent over it');
  });

  it('refuses a certificate for another name, and says whose it is', async () => {
    // Trusted, but made for another host: a firewall answering in Braze's place.
    const elsewhere = await TlsFront.start(h.server, lab.certificates.issue(['intranet.example']));
    try {
      const client = h.client({ endpoint: elsewhere.url, transport: transport({ systemCertificates: true }) });
      const error = await rejection(client.listSegments(0, 'asc'));
      assert.equal(error.kind, 'certificate');
      assert.equal(
        error.message,
        `The TLS certificate of localhost was not accepted (ERR_TLS_CERT_ALTNAME_INVALID): it is for intranet.example, not localhost; issued by "${lab.certificates.caName}, Example Corp".`,
      );
      assert.match(describeError(error, 'US-03').message, /Check braze\.restEndpoint/);
    } finally {
      await elsewhere.close();
    }
  });

  it('accepts any certificate when http.proxyStrictSSL is false, and warns in the log', async () => {
    const notices: NetworkNotice[] = [];
    const client = h.client({ endpoint: lab.https.url, transport: transport({ strictSSL: false }, { onNotice: (n) => notices.push(n) }) });
    await client.listSegments(0, 'asc');
    assert.deepEqual(notices.filter((n) => n.level === 'warn').map((n) => n.message), [strictSslWarning()]);
  });

  describe('NODE_EXTRA_CA_CERTS, read by Node at start-up (a child process)', () => {
    const script = path.join(__dirname, 'net', 'requestOnce.ts');
    const run = (args: string[], extraCa: string | undefined) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const env = { ...process.env };
        delete env.NODE_EXTRA_CA_CERTS; // this machine's own may be set; each case sets its own
        if (extraCa) env.NODE_EXTRA_CA_CERTS = extraCa;
        execFile(process.execPath, ['--require', require.resolve('tsx/cjs'), script, lab.https.url, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${error.message}\n${stderr}`));
          else resolve(JSON.parse(stdout) as Record<string, unknown>);
        });
      });

    it('is trusted when set, and the certificate refused when not', async () => {
      assert.deepEqual(await run(['off'], lab.caBundle), { status: 401 }, 'Braze answered (401: the script sends no key)');
      const refused = await run(['off'], undefined);
      assert.equal(refused.kind, 'certificate');
      assert.equal(refused.issuer, `${lab.certificates.caName}, Example Corp`);
    });

    it('stays trusted when the OS store is read too (a CA list replaces Node\'s defaults)', async () => {
      // An OS store that holds another company's CA, not ours: only NODE_EXTRA_CA_CERTS can make it work.
      const other = path.join(lab.dir, 'other-root.pem');
      fs.writeFileSync(other, makeTestCertificates('Another Company Root').caPem);
      assert.deepEqual(await run(['on', other], lab.caBundle), { status: 401 });
      assert.equal((await run(['on', other], undefined)).kind, 'certificate');
    });
  });
});
