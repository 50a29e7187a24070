// The one place that talks HTTP. undici is required on the first request, not at import, so that
// activating the extension does not load it (esbuild ships it as dist/undici.js). One keep-alive pool
// per origin: a hover, a panel and the tree share connections instead of opening one each.
//
// Every answer is bounded: undici's `maxResponseSize` cuts a body off at `maxResponseBytes`, so an
// endless or huge answer costs a few megabytes, not the extension host. Requests wait for a free
// connection in a queue of our own, bounded on its own, so the request timeout runs from when a
// request is actually sent and a request that never left is never blamed on Braze.
import type { Pool } from 'undici';
import { BrazeError } from './errors';
import type { HeaderBag } from './rateLimit';

export interface HttpResponse {
  status: number;
  headers: HeaderBag;
  body: string;
}

export interface HttpRequest {
  origin: string;
  /** Path and query, already encoded. */
  path: string;
  headers: Record<string, string>;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** How long the request may take once it is sent. */
  timeoutMs: number;
  /** How long it may wait for a free connection before it is given up unsent (default `timeoutMs`). */
  queueTimeoutMs?: number;
}

export interface HttpTransportOptions {
  /** Larger answers are refused (default 4 MiB: a page of 100 segments is a few KB). */
  maxResponseBytes?: number;
  /** Connections per origin, and so requests in flight per origin (default 8). */
  connectionsPerOrigin?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export class HttpTransport {
  readonly maxResponseBytes: number;
  private readonly connections: number;
  private readonly origins = new Map<string, { pool: Pool; slots: Slots }>();

  constructor(options: HttpTransportOptions = {}) {
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.connections = options.connectionsPerOrigin ?? 8;
  }

  /** A GET; rejects only with a BrazeError (`not-sent`, `timeout`, `aborted`, `too-large`, `network`, `internal`). */
  async get(request: HttpRequest): Promise<HttpResponse> {
    const { pool, slots } = this.originFor(request.origin);
    const release = await slots.acquire(request.queueTimeoutMs ?? request.timeoutMs, request.signal);
    const timeout = AbortSignal.timeout(request.timeoutMs);
    try {
      const response = await pool.request({
        method: 'GET',
        path: request.path,
        headers: request.headers,
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      });
      // Always read the body to the end: an unread body keeps its connection out of the pool.
      const body = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body };
    } catch (thrown) {
      if (request.signal?.aborted) throw new BrazeError('aborted', 'The request was cancelled.');
      if (timeout.aborted) throw new BrazeError('timeout', `Braze did not answer within ${seconds(request.timeoutMs)} s.`);
      throw transportError(thrown, request.origin, this.maxResponseBytes);
    } finally {
      release();
    }
  }

  /** Closes every pool: on deactivation, and when tests finish. */
  async close(): Promise<void> {
    const closing = [...this.origins.values()].map(({ pool }) => pool.close().catch(() => undefined));
    this.origins.clear();
    await Promise.all(closing);
  }

  private originFor(origin: string): { pool: Pool; slots: Slots } {
    let entry = this.origins.get(origin);
    if (!entry) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Pool: UndiciPool } = require('undici') as typeof import('undici');
      const pool = new UndiciPool(origin, {
        connections: this.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        maxResponseSize: this.maxResponseBytes,
      });
      entry = { pool, slots: new Slots(this.connections) };
      this.origins.set(origin, entry);
    }
    return entry;
  }
}

/** As many requests in flight as the pool has connections; the rest wait their turn, first come first served. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves with a release function once a slot is free; rejects `not-sent` after `timeoutMs`, `aborted` on the signal. */
  acquire(timeoutMs: number, signal: AbortSignal | undefined): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new BrazeError('aborted', 'The request was cancelled.'));
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const leave = (error: BrazeError) => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => leave(new BrazeError('aborted', 'The request was cancelled.'));
      const timer = setTimeout(
        () => leave(new BrazeError('not-sent', `The request was not sent: other Braze requests kept every connection busy for ${seconds(timeoutMs)} s.`)),
        timeoutMs,
      );
      const grant = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** What undici or the socket threw, in words; anything unrecognised is a bug of ours, not the network. */
function transportError(thrown: unknown, origin: string, maxResponseBytes: number): BrazeError {
  const error = thrown as { code?: string; cause?: { code?: string } } | undefined;
  const code = error?.code ?? error?.cause?.code;
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new BrazeError('too-large', `Braze sent an answer larger than ${Math.round(maxResponseBytes / (1024 * 1024))} MB; it was not read.`);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new BrazeError('timeout', 'Braze stopped answering before the answer was complete.');
  const reason = code ? NETWORK_REASONS[code] : undefined;
  if (reason) return new BrazeError('network', `Could not reach ${origin}: ${reason}.`);
  if (code && /^(E[A-Z]+|ERR_TLS_.*|ERR_SSL_.*|UND_ERR_(SOCKET|CLOSED|CONNECT_TIMEOUT))$/.test(code)) {
    return new BrazeError('network', `Could not reach ${origin} (${code}).`);
  }
  return new BrazeError('internal', `Unexpected error in Braze Segments while calling ${origin}: ${describe(thrown)}`, { cause: thrown });
}

const TLS_REJECTED = 'the TLS certificate was not accepted';

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
  CERT_HAS_EXPIRED: TLS_REJECTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: TLS_REJECTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: TLS_REJECTED,
  SELF_SIGNED_CERT_IN_CHAIN: TLS_REJECTED,
  DEPTH_ZERO_SELF_SIGNED_CERT: TLS_REJECTED,
  ERR_TLS_CERT_ALTNAME_INVALID: TLS_REJECTED,
};

function describe(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
