// Run in a child process by the TLS tests, so that NODE_EXTRA_CA_CERTS is read at start-up, as Node
// reads it: one GET through HttpTransport, the outcome printed as JSON on stdout.
//   node --require tsx/cjs requestOnce.ts <url> <systemCertificates: on|off> [OS bundle]
import { HttpTransport } from '../../../../src/braze/http';
import { DIRECT } from '../../../../src/braze/network';
import { readSystemCertificates } from '../../../../src/braze/systemCertificates';
import { isBrazeError } from '../../../../src/braze/errors';

async function main(): Promise<void> {
  const [url, system, bundle] = process.argv.slice(2);
  const transport = new HttpTransport({
    network: { ...DIRECT, systemCertificates: system === 'on' },
    systemCertificates: () => readSystemCertificates({ bundles: bundle ? [bundle] : [] }),
  });
  try {
    const response = await transport.get({ origin: url, path: '/segments/list?page=0', headers: {}, timeoutMs: 5000 });
    process.stdout.write(JSON.stringify({ status: response.status }));
  } catch (error) {
    process.stdout.write(JSON.stringify(isBrazeError(error) ? { kind: error.kind, message: error.message, issuer: error.issuer } : { thrown: String(error) }));
  } finally {
    await transport.close();
  }
}

void main();
