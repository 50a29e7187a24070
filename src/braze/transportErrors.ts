// What undici or the socket threw, as a BrazeError in words. Through a proxy, failing to connect is
// the proxy's failure, not Braze's: every TCP connection goes to the proxy, and Braze is reached by
// it. Anything unrecognised is a bug of ours, not the network.
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
    return new BrazeError('too-large', `Braze sent an answer larger than ${Math.round(context.maxResponseBytes / (1024 * 1024))} MB; it was not read.`, { code });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new BrazeError('timeout', 'Braze stopped answering before the answer was complete.', { code });
  if (proxy) {
    const status = proxyStatus(code, error?.message);
    if (status !== undefined) return proxyRefused(proxy, status, origin);
    if (code === 'UND_ERR_PRX_TLS') return certificateError(new URL(proxy.display).hostname, 'ERR_TLS_CERT_ALTNAME_INVALID', undefined);
  }
  if (code && CERTIFICATE_CODES.has(code)) return certificateError(new URL(origin).hostname, code, undefined);
  const reason = code ? NETWORK_REASONS[code] : undefined;
  if (proxy && code && CONNECT_CODES.has(code)) {
    return new BrazeError('proxy', `Could not reach the proxy ${describeProxy(proxy)}: ${reason ?? code}.`, { code, proxy: describeProxy(proxy) });
  }
  const via = proxy ? ` through the proxy ${proxy.display}` : '';
  if (reason) return new BrazeError('network', `Could not reach ${origin}${via}: ${reason}.`, { code });
  if (code && /^(E[A-Z]+|ERR_TLS_.*|ERR_SSL_.*|UND_ERR_(SOCKET|CLOSED|CONNECT_TIMEOUT))$/.test(code)) {
    return new BrazeError('network', `Could not reach ${origin}${via} (${code}).`, { code });
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
  const issuer = seen ? `"${seen.issuer}"` : 'an issuer that could not be read';
  const problem = certificateProblem(code);
  const why =
    problem === 'untrusted'
      ? `it was issued by ${issuer}, which this machine does not trust`
      : problem === 'expired'
        ? `it is outside its validity${seen?.validTo ? ` (valid until ${seen.validTo})` : ''}; issued by ${issuer}`
        : problem === 'name'
          ? `it is for ${seen?.names.length ? seen.names.join(', ') : 'another name'}, not ${host}; issued by ${issuer}`
          : `issued by ${issuer}`;
  return new BrazeError('certificate', `The TLS certificate of ${host} was not accepted (${code}): ${why}.`, { code, host, ...(seen ? { issuer: seen.issuer } : {}) });
}

function proxyRefused(proxy: ProxyEndpoint, status: number, origin: string): BrazeError {
  const named = describeProxy(proxy);
  const target = new URL(origin).host;
  const message =
    status === 407
      ? proxy.credentials
        ? `The proxy ${named} did not accept the credentials (407).`
        : `The proxy ${named} asks for credentials (407).`
      : `The proxy ${named} refused to connect to ${target} (${status}).`;
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

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was closed',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'the connection could not be made in time',
  ETIMEDOUT: 'the connection could not be made in time',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

function describe(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
}
