// Which certificates a TLS connection to Braze (or to an https:// proxy) accepts, as VS Code's own
// requests do: Node's bundled roots and NODE_EXTRA_CA_CERTS always, the OS store too when
// `http.systemCertificates` is on, nothing checked when `http.proxyStrictSSL` is off.
//
// VS Code adds the OS store only to Node's http/https modules (and, behind an experimental setting,
// to tls.connect calls that bring no CA list); the bundled undici uses neither path, so it is done
// here. A CA list replaces Node's defaults, so it must name all three sources itself.
import * as l10n from '@vscode/l10n';
import type * as Fs from 'node:fs/promises';
import type * as Tls from 'node:tls';
import { lazy } from '../common/lazy';
import type { NetworkConfig } from './network';
import { type SystemCertificates, splitPem } from './systemCertificates';

// Loaded when trust is first built (the first request), not at activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = lazy(() => require('node:tls') as typeof Tls);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = lazy(() => require('node:fs/promises') as typeof Fs);

export interface TlsTrust {
  /** Spread into every TLS connection's options (undici's `connect` / `requestTls` / `proxyTls`). */
  options: Tls.ConnectionOptions;
  /** Where the trusted certificates come from, for the log and Test Connection. */
  description: string;
  /** Things the user should know: certificate checks off, a bundle that could not be read. */
  warnings: string[];
}

/** A function, not a constant: the translation is only known once the extension has activated. */
export const strictSslWarning = () =>
  l10n.t("http.proxyStrictSSL is false: the certificates of Braze and of the proxy are not checked, so anyone on the network path could read the API key. Trust your company's root certificate instead (OS store or NODE_EXTRA_CA_CERTS) and turn http.proxyStrictSSL back on.");

export async function loadTrust(
  config: NetworkConfig,
  readSystem: () => Promise<SystemCertificates>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TlsTrust> {
  const warnings = config.strictSSL ? [] : [strictSslWarning()];
  const rejectUnauthorized = config.strictSSL;
  const extra = await readExtraCertificates(env.NODE_EXTRA_CA_CERTS);
  if (extra.warning) warnings.push(extra.warning);
  const bundled = extra.certificates.length
    ? l10n.t("Node's bundled roots and {0} from NODE_EXTRA_CA_CERTS ({1})", count(extra.certificates.length), env.NODE_EXTRA_CA_CERTS ?? '')
    : l10n.t("Node's bundled roots");
  if (!config.systemCertificates) {
    // Node's default store already holds its bundled roots and NODE_EXTRA_CA_CERTS (read at start-up).
    return { options: { rejectUnauthorized }, description: l10n.t('{0}; the OS store is not used (http.systemCertificates is off)', bundled), warnings };
  }
  const system = await readSystem();
  if (!system.certificates.length) {
    return { options: { rejectUnauthorized }, description: l10n.t('{0}; no OS certificates: {1}', bundled, system.source), warnings };
  }
  const ca = [...new Set([...tls().rootCertificates, ...extra.certificates, ...system.certificates])];
  // One parsed context for every connection, instead of parsing a few hundred certificates per
  // handshake. `ca` stays beside it so that VS Code's experimental tls.connect patch leaves it alone.
  const secureContext = tls().createSecureContext({ ca });
  return {
    options: { ca, secureContext, rejectUnauthorized },
    description: l10n.t('{0} and {1} from {2}', bundled, count(system.certificates.length), system.source),
    warnings,
  };
}

async function readExtraCertificates(path: string | undefined): Promise<{ certificates: string[]; warning?: string }> {
  if (!path) return { certificates: [] };
  try {
    const text = await fs().readFile(path, 'utf8');
    const certificates = splitPem(text);
    return certificates.length ? { certificates } : { certificates, warning: l10n.t('NODE_EXTRA_CA_CERTS ({0}) holds no PEM certificate.', path) };
  } catch (error) {
    return { certificates: [], warning: l10n.t('NODE_EXTRA_CA_CERTS ({0}) could not be read ({1}).', path, (error as { code?: string }).code ?? String(error)) };
  }
}

function count(n: number): string {
  return n === 1 ? l10n.t('1 certificate') : l10n.t('{0} certificates', n);
}
