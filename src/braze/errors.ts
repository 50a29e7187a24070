// Typed failures of a Braze call. Each kind is a different thing for the user to do, so the UI words
// them (src/segments/errorText.ts); messages here are for the log and never contain the API key.

export type BrazePermission = 'segments.details' | 'segments.list' | 'segments.data_series';

export type BrazeErrorKind =
  | 'no-endpoint' //       no REST endpoint is configured
  | 'no-key' //            no API key is stored for the endpoint
  | 'invalid-id' //        refused before any request
  | 'invalid-key' //       401
  | 'missing-permission' // 403: the key lacks `permission`
  | 'not-found' //         no segment with this id in the workspace
  | 'bad-request' //       another 4xx
  | 'rate-limited' //      429, until `resetAt`
  | 'server' //            5xx
  | 'network' //           no answer: DNS, refused, reset
  | 'proxy' //             the proxy: unreachable, wants credentials (407), or refused the tunnel (`status`)
  | 'certificate' //       Braze's (or the proxy's) TLS certificate was not accepted: `host`, `issuer`, `code`
  | 'timeout' //           sent, but no answer in time
  | 'not-sent' //          waited too long for a free connection: never sent
  | 'too-large' //         the answer was larger than the response size cap
  | 'aborted' //           the caller gave up
  | 'invalid-response' //  2xx with a body that does not match the documented shape
  | 'internal'; //         a bug of ours: `cause` holds what was thrown

export interface BrazeErrorDetails {
  status?: number;
  permission?: BrazePermission;
  /** When a rate limit lifts (from `x-ratelimit-reset`). */
  resetAt?: Date;
  /** For `rate-limited`: not a 429, but a background request held back while the budget is low. */
  paused?: boolean;
  /** The response field that did not match, for `invalid-response`. */
  field?: string;
  /** Braze's own `message`, scrubbed of secrets, then shortened; untrusted text for the log only. */
  serverMessage?: string;
  /** What was thrown, for `internal` (logged with its stack, never shown). */
  cause?: unknown;
  /** The socket, TLS or undici error code (`ECONNRESET`, `CERT_HAS_EXPIRED`), when there was one. */
  code?: string;
  /** For `proxy`: the proxy as it may be shown ("http://proxy.corp:3128 (from http.proxy)"), never its credentials. */
  proxy?: string;
  /** For `certificate`: the host whose certificate it was, and who issued it as far as it was seen. */
  host?: string;
  issuer?: string;
}

export class BrazeError extends Error implements BrazeErrorDetails {
  readonly status?: number;
  readonly permission?: BrazePermission;
  readonly resetAt?: Date;
  readonly paused?: boolean;
  readonly field?: string;
  readonly serverMessage?: string;
  readonly code?: string;
  readonly proxy?: string;
  readonly host?: string;
  readonly issuer?: string;
  declare readonly cause?: unknown;

  constructor(
    readonly kind: BrazeErrorKind,
    message: string,
    details: BrazeErrorDetails = {},
  ) {
    super(message);
    this.name = 'BrazeError';
    Object.assign(this, details);
  }
}

export function isBrazeError(error: unknown, kind?: BrazeErrorKind): error is BrazeError {
  return error instanceof BrazeError && (kind === undefined || error.kind === kind);
}

/**
 * Any thrown value as a BrazeError, so callers handle one type. Whatever is not a BrazeError already
 * is a bug of ours (a TypeError, say), never a network failure: it becomes `internal`, and `report`
 * (the UI's log) hears of it with what was thrown.
 */
export function asBrazeError(error: unknown, report?: (internal: BrazeError) => void): BrazeError {
  if (error instanceof BrazeError) return error;
  const internal = internalError(error);
  report?.(internal); // logged once, where it was caught
  return internal;
}

export function internalError(thrown: unknown): BrazeError {
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return new BrazeError('internal', `Unexpected error in Braze Segments: ${what}`, { cause: thrown });
}
