// The network a test needs, all real and on loopback: the Braze test server (from the unit harness),
// an HTTPS front for it with a certificate from a CA made for this run, a forward proxy without and
// one with credentials, and the CA as a PEM bundle on disk (what an OS store or NODE_EXTRA_CA_CERTS
// would hold).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIRECT, type NetworkConfig } from '../../../../src/braze/network';
import { readSystemCertificates, type SystemCertificates } from '../../../../src/braze/systemCertificates';
import type { Harness } from '../../helpers';
import { makeTestCertificates, type TestCertificates } from './certificates';
import { ForwardProxy } from './forwardProxy';
import { TlsFront } from './tlsFront';

export const PROXY_USER = 'alice';
export const PROXY_PASSWORD = 'pr0xy-s3cret-pass';
export const PROXY_CREDENTIALS = `${PROXY_USER}:${PROXY_PASSWORD}`;

export interface Lab {
  certificates: TestCertificates;
  https: TlsFront;
  /** A proxy that lets everything through. */
  open: ForwardProxy;
  /** A proxy that answers 407 unless it gets PROXY_CREDENTIALS. */
  guarded: ForwardProxy;
  /** A directory for this suite's files, removed after it. */
  dir: string;
  /** A PEM file holding the test CA. */
  caBundle: string;
  /** The OS-store reader pointed at `caBundle`. */
  systemStore: () => Promise<SystemCertificates>;
  /** Settings through `proxyUrl` (proxySupport on, Node's certificates plus the test CA's "OS store"). */
  viaProxy(proxyUrl: string, extra?: Partial<NetworkConfig>): NetworkConfig;
}

export function useNetworkLab(h: Harness): Lab {
  const lab = {} as Lab;
  before(async () => {
    lab.certificates = makeTestCertificates();
    lab.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-net-'));
    lab.caBundle = path.join(lab.dir, 'company-root.pem');
    fs.writeFileSync(lab.caBundle, lab.certificates.caPem);
    lab.systemStore = () => readSystemCertificates({ bundles: [lab.caBundle] });
    lab.https = await TlsFront.start(h.server, lab.certificates);
    lab.open = await ForwardProxy.start();
    lab.guarded = await ForwardProxy.start({ credentials: PROXY_CREDENTIALS });
    lab.viaProxy = (proxyUrl, extra = {}) => ({ ...DIRECT, proxySupport: 'override', systemCertificates: true, proxy: proxyUrl, ...extra });
  });
  beforeEach(() => {
    lab.open.requests.length = 0;
    lab.guarded.requests.length = 0;
    lab.https.handshakes = 0;
  });
  after(async () => {
    await Promise.all([lab.https?.close(), lab.open?.close(), lab.guarded?.close()]);
    if (lab.dir) fs.rmSync(lab.dir, { recursive: true, force: true });
  });
  return lab;
}
