// Certificates made at test time: a root CA standing in for a company's TLS-inspection CA, and
// leaves signed by it. node-forge builds the X.509 structures (Node's crypto makes keys but not
// certificates); the keys come from Node's own generator, which is fast.
import { generateKeyPairSync } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface Leaf {
  keyPem: string;
  certPem: string;
}

export interface TestCertificates extends Leaf {
  /** PEM of the root CA: what NODE_EXTRA_CA_CERTS or the OS store would hold. */
  caPem: string;
  /** The CA's common name, which an error about an untrusted certificate should name. */
  caName: string;
  /** Another leaf from the same CA, for other names (a firewall answering in Braze's place). */
  issue(names: readonly string[]): Leaf;
}

/** A CA, and a leaf it signed for `names` (by default localhost, 127.0.0.1 and ::1). */
export function makeTestCertificates(caName = 'Braze Segments Test Inspection CA', names: readonly string[] = ['localhost', '127.0.0.1', '::1']): TestCertificates {
  const caKeys = rsaKeys();
  const ca = certificate({
    subject: [{ name: 'commonName', value: caName }, { name: 'organizationName', value: 'Example Corp' }],
    issuer: undefined,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const issue = (leafNames: readonly string[]): Leaf => {
    const keys = rsaKeys();
    const leaf = certificate({
      subject: [{ name: 'commonName', value: leafNames[0] }],
      issuer: ca.subject.attributes,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        // 2 is a DNS name, 7 an IP address (RFC 5280's GeneralName tags).
        { name: 'subjectAltName', altNames: leafNames.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })) },
      ],
    });
    return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(leaf) };
  };
  return { caPem: forge.pki.certificateToPem(ca), caName, issue, ...issue(names) };
}

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  /** undefined: self-signed. */
  issuer: forge.pki.CertificateField[] | undefined;
  publicKey: forge.pki.PublicKey;
  signingKey: forge.pki.rsa.PrivateKey;
  extensions: object[];
}

function certificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  // A random positive serial: two runs' certificates must never look like the same one.
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ?? spec.subject);
  cert.setExtensions(spec.extensions);
  cert.sign(spec.signingKey, forge.md.sha256.create());
  return cert;
}

function rsaKeys(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey };
}
