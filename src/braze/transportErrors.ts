// What undici or the socket threw, as a BrazeError in words. Through a proxy, failing to connect is
// the proxy's failure, not Braze's: every TCP connection goes to the proxy, and Braze is reached by
// it. Anything unrecognised is a bug of ours, not the network.
import * as l10n from '@vscode/l10n';
import { BrazeError } from './errors';
import { describeProxy, type ProxyEndpoint } from './proxy';

export interface FailureContext {
  origin: string;
  /** The proxy the request went through, if any. */
  proxy?: ProxyEndpoint;
  maxResponseBytes: number;
}

export function transportError(thrown: unknown, context: FailureContext): BrazeError {
  const error = thrown as { code?: string; message?: string; cause?: { code?: string } } | undefined;
  const code = error?.code ?? error?.cause?.code;
  const { origin, proxy } = context;
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new BrazeError('too-large', l10n.t('Braze sent an answer larger than {0} MB; it was not read.', Math.round(context.maxResponseBytes / (1024 * 1024))), { code });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new BrazeError('timeout', l10n.t('Braze stopped answering before the answer was complete.'), { code });
  if (proxy) {
    const status = proxyStatus(code, error?.message);
    if (status !== undefined) return proxyRefused(proxy, status, origin);
    if (code === 'UND_ERR_PRX_TLS') return certificateError(new URL(proxy.display).hostname, 'ERR_TLS_CERT_ALTNAME_INVALID', undefined);
  }
  if (code && CERTIFICATE_CODES.has(code)) return certificateError(new URL(origin).hostname, code, undefined);
  const reason = code ? networkReason(code) : undefined;
  if (proxy && code && CONNECT_CODES.has(code)) {
    return new BrazeError('proxy', l10n.t('Could not reach the proxy {0}: {1}.', describeProxy(proxy), reason ?? code), { code, proxy: describeProxy(proxy) });
  }
  if (reason) {
    const message = proxy ? l10n.t('Could not reach {0} through the proxy {1}: {2}.', origin, proxy.display, reason) : l10n.t('Could not reach {0}: {1}.', origin, reason);
    return new BrazeError('network', message, { code });
  }
  if (code && /^(E[A-Z]+|ERR_TLS_.*|ERR_SSL_.*|UND_ERR_(SOCKET|CLOSED|CONNECT_TIMEOUT))$/.test(code)) {
    const message = proxy ? l10n.t('Could not reach {0} through the proxy {1} ({2}).', origin, proxy.display, code) : l10n.t('Could not reach {0} ({1}).', origin, code);
    return new BrazeError('network', message, { code });
  }
  return new BrazeError('internal', `Unexpected error in Braze Segments while calling ${origin}: ${describe(thrown)}`, { cause: thrown });
}

/** What a certificate problem is, which decides the fix: trust the issuer, fix the clock, or the name. */
export type CertificateProblem = 'untrusted' | 'expired' | 'name' | 'other';

export function certificateProblem(code: string | undefined): CertificateProblem {
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'name';
  if (code && UNTRUSTED_CODES.has(code)) return 'untrusted';
  return 'other';
}

/** The certificate a TLS peer presented, as far as the error message needs it. */
export interface CertificateSeen {
  /** "Example Corp Inspection CA, Example Corp": the issuer's common name and organisation. */
  issuer: string;
  /** The names the certificate is valid for. */
  names: string[];
  validTo?: string;
}

export function certificateError(host: string, code: string, seen: CertificateSeen | undefined): BrazeError {
  const issuer = seen ? `"${seen.issuer}"` : l10n.t('an issuer that could not be read');
  const problem = certificateProblem(code);
  const why =
    problem === 'untrusted'
      ? l10n.t('it was issued by {0}, which this machine does not trust', issuer)
      : problem === 'expired'
        ? seen?.validTo
          ? l10n.t('it is outside its validity (valid until {0}); issued by {1}', seen.validTo, issuer)
          : l10n.t('it is outside its validity; issued by {0}', issuer)
        : problem === 'name'
          ? l10n.t('it is for {0}, not {1}; issued by {2}', seen?.names.length ? seen.names.join(', ') : l10n.t('another name'), host, issuer)
          : l10n.t('issued by {0}', issuer);
  return new BrazeError('certificate', l10n.t('The TLS certificate of {0} was not accepted ({1}): {2}.', host, code, why), { code, host, ...(seen ? { issuer: seen.issuer } : {}) });
}

function proxyRefused(proxy: ProxyEndpoint, status: number, origin: string): BrazeError {
  const named = describeProxy(proxy);
  const target = new URL(origin).host;
  const message =
    status === 407
      ? proxy.credentials
        ? l10n.t('The proxy {0} did not accept the credentials (407).', named)
        : l10n.t('The proxy {0} asks for credentials (407).', named)
      : l10n.t('The proxy {0} refused to connect to {1} ({2}).', named, target, status);
  return new BrazeError('proxy', message, { status, proxy: named });
}

/** The status a proxy refused with, from undici's errors (CONNECT tunnels and absolute-form requests). */
function proxyStatus(code: string | undefined, message: string | undefined): number | undefined {
  // undici 6: "Proxy response (407) !== 200 when HTTP Tunneling" (CONNECT), and for absolute-form
  // requests through an http:// proxy "Proxy Authentication Required (407)". Tests pin both.
  const match = /^Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(message ?? '');
  return match && (code === 'UND_ERR_ABORTED' || code === 'UND_ERR_INVALID_ARG') ? Number(match[1]) : undefined;
}

const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'INVALID_CA',
]);

const CERTIFICATE_CODES = new Set([...UNTRUSTED_CODES, 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'CERT_REVOKED', 'CERT_CHAIN_TOO_LONG']);

/** Failures of making a TCP connection (not of one already made). */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

// A function, not a table of text: the translation is only known once the extension has activated.
function networkReason(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('the connection was refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('the host name could not be resolved');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return l10n.t('the connection was closed');
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return l10n.t('the connection could not be made in time');
    case 'EHOSTUNREACH':
      return l10n.t('the host is unreachable');
    case 'ENETUNREACH':
      return l10n.t('the network is unreachable');
    default:
      return undefined;
  }
}

function describe(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
}
