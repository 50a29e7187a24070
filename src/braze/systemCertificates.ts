// The certificates the operating system trusts, read the way VS Code reads them for its own requests
// when `http.systemCertificates` is on: Node's own reader where this Node has one (22.15 and later,
// all platforms), else the distribution's bundle on Linux and the keychains on macOS. A company's
// TLS-inspection root CA is installed there by IT, and Node's bundled list never holds it.
import * as l10n from '@vscode/l10n';
import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs/promises';
import { lazy } from '../common/lazy';

// Loaded when the certificates are first read (the first request), not at activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = lazy(() => require('node:child_process') as typeof ChildProcess);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = lazy(() => require('node:fs/promises') as typeof Fs);

export interface SystemCertificates {
  /** PEM certificates, without duplicates. */
  certificates: string[];
  /** Where they came from ("/etc/ssl/certs/ca-certificates.crt"), or why there are none. */
  source: string;
}

export interface SystemCertificateOptions {
  platform?: NodeJS.Platform;
  /** PEM bundles tried in order instead of the OS's own (tests); the first that exists is read. */
  bundles?: readonly string[];
  /** Node's own reader (`tls.getCACertificates`), when this Node has it; `null` never uses it. */
  nodeReader?: ((type: 'system') => string[]) | null;
}

/** The same places, in the same order, as VS Code's own reader (@vscode/proxy-agent). */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL, CentOS
  '/etc/ssl/certs/ca-bundle.crt', // older Fedora
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // Fedora 43+
];

// A function, not a constant: the translation is only known once the extension has activated.
const windowsAdvice = () =>
  l10n.t("This VS Code's Node cannot read the Windows certificate store: export your company's root CA as a Base-64 .cer file and point the NODE_EXTRA_CA_CERTS environment variable at it, then restart VS Code");

export async function readSystemCertificates(options: SystemCertificateOptions = {}): Promise<SystemCertificates> {
  const nodeReader = options.nodeReader === undefined ? nodeSystemReader() : options.nodeReader;
  if (options.bundles) return readBundle(options.bundles);
  if (nodeReader) return { certificates: unique(nodeReader('system')), source: l10n.t('the OS certificate store (read by Node)') };
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') return readBundle(LINUX_BUNDLES);
  if (platform === 'darwin') return readMacKeychains();
  if (platform === 'win32') return { certificates: [], source: windowsAdvice() };
  return { certificates: [], source: l10n.t('no reader for the {0} certificate store', platform) };
}

/** PEM blocks of `text`, each with its BEGIN and END lines. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

async function readBundle(paths: readonly string[]): Promise<SystemCertificates> {
  for (const path of paths) {
    let text: string;
    try {
      text = await fs().readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') continue;
      return { certificates: [], source: l10n.t('{0} could not be read ({1})', path, (error as { code?: string }).code ?? String(error)) };
    }
    return { certificates: unique(splitPem(text)), source: path };
  }
  return { certificates: [], source: l10n.t('none of {0} exists', paths.join(', ')) };
}

function readMacKeychains(): Promise<SystemCertificates> {
  // The default search list holds the login and System keychains, where MDM installs company roots.
  return new Promise((resolve) => {
    childProcess().execFile('/usr/bin/security', ['find-certificate', '-a', '-p'], { maxBuffer: 32 * 1024 * 1024, timeout: 10_000 }, (error, stdout) => {
      if (error) resolve({ certificates: [], source: l10n.t('the macOS keychains could not be read ({0})', error.message) });
      else resolve({ certificates: unique(splitPem(stdout)), source: l10n.t('the macOS keychains') });
    });
  });
}

function nodeSystemReader(): ((type: 'system') => string[]) | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tls = require('node:tls') as { getCACertificates?: (type: 'system') => string[] };
  const reader = tls.getCACertificates;
  return typeof reader === 'function' ? (type) => reader.call(tls, type) : undefined;
}

function unique(certificates: string[]): string[] {
  return [...new Set(certificates.map((pem) => pem.trim()))];
}
