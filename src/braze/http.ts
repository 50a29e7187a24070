// The one place that talks HTTP. undici is required on the first request, not at import, so that
// activating the extension does not load it (esbuild ships it as dist/undici.js). One keep-alive pool
// per origin: a hover, a panel and the tree share connections instead of opening one each.
import type { Dispatcher, Pool } from 'undici';
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
  signal: AbortSignal;
}

const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool: UndiciPool } = require('undici') as typeof import('undici');
    pool = new UndiciPool(origin, { connections: 8, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
    pools.set(origin, pool);
  }
  return pool;
}

export async function httpGet(request: HttpRequest): Promise<HttpResponse> {
  const options: Dispatcher.RequestOptions = {
    method: 'GET',
    path: request.path,
    headers: request.headers,
    signal: request.signal,
  };
  const response = await poolFor(request.origin).request(options);
  // Always read the body to the end: an unread body keeps its connection out of the pool.
  const body = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body };
}

/** Closes every pool: on deactivation, and when tests finish. */
export async function closeHttpPools(): Promise<void> {
  const closing = [...pools.values()].map((pool) => pool.close().catch(() => undefined));
  pools.clear();
  await Promise.all(closing);
}
