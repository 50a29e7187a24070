// A Braze-compatible HTTP server for tests and demos: the three segment endpoints, Bearer keys with
// permissions (each key seeing one of several workspaces, as in Braze), rate-limit headers, and
// switches that make it fail the ways the real API can (429, non-JSON 5xx, slow answers, malformed
// bodies), also switched while it runs through `/__control` (control.ts). Only node:http, so the
// integration tests can bundle it with esbuild and run it inside the extension host.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dataSeries, detailsBody, listBody, malformedText, type Endpoint, type Malformation } from './bodies';
import { applyControl, CONTROL_PATH, type ControlState } from './control';
import {
  DEFAULT_WORKSPACE,
  FIXTURE_SEGMENTS,
  PERMISSIONS_BY_KEY,
  STAGING_PERMISSIONS_BY_KEY,
  STAGING_SEGMENTS,
  STAGING_WORKSPACE,
  type Permission,
  type ServerSegment,
} from './fixtures';

export type { Endpoint, Malformation } from './bodies';
export { CONTROL_PATH, controlUsage, type ControlState } from './control';

export interface BrazeTestServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The default workspace's (DEFAULT_WORKSPACE) segments; defaults to a copy of FIXTURE_SEGMENTS. */
  segments?: ServerSegment[];
  /**
   * Every other workspace, by name; defaults to `{ staging: copy of STAGING_SEGMENTS }`. The staging keys
   * exist only while a workspace of that name does. The default workspace is `segments`' alone.
   */
  workspaces?: Record<string, ServerSegment[]>;
  /** Defaults to Braze's 250,000. */
  rateLimitPerHour?: number;
}

/**
 * The ways a hostile or broken server answers, each aimed at one weakness of a client:
 * - `echo-authorization`: an error whose message repeats the Authorization header it received;
 * - `markup-message`: an error message full of Markdown, command links, `$(icon)`s, HTML and invisible characters;
 * - `endless-body`: a 200 that streams JSON forever (until the client leaves);
 * - `huge-body`: a valid 200 JSON answer of `bytes` bytes, announced with its content-length;
 * - `ignore-page`: /segments/list answers page 0 whatever page is asked for.
 * The error kinds answer `status` (default 400) on the three endpoints.
 */
export type Hostility =
  | { kind: 'echo-authorization'; status?: number }
  | { kind: 'markup-message'; status?: number }
  | { kind: 'endless-body' }
  | { kind: 'huge-body'; bytes: number }
  | { kind: 'ignore-page' };

/** What `markup-message` answers: every kind of syntax a surface might interpret. */
export const MARKUP_MESSAGE =
  'Click [here](command:workbench.action.openSettings?%5B%22braze%22%5D) or [there](https://evil.example/x) $(alert) <img src=x onerror=alert(1)> **bold** \u200Bzero\u200Ewidth\u2060\u061C\u00AD\u202Eright-to-left';

/** Resolves when `res` can take more data, or is gone. */
function drainOrClose(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export interface RecordedRequest {
  method: string;
  /** The request target as received, query included. */
  path: string;
  pathname: string;
  /** Decoded query parameters; the first value wins when a name repeats. */
  query: Record<string, string>;
  /** The Bearer token received, so tests can assert which key the client sent. */
  key: string | undefined;
  /** 0 until answered, and stays 0 if the client left or the server closed first. */
  status: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
  remotePort: number;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const SERVICE_UNAVAILABLE_HTML = '<html><body>Service Unavailable</body></html>';
const NOT_FOUND_HTML = '<html><body><h1>404 Not Found</h1></body></html>';

const ROUTES = new Map<string, { endpoint: Endpoint; permission: Permission }>([
  ['/segments/details', { endpoint: 'details', permission: 'segments.details' }],
  ['/segments/list', { endpoint: 'list', permission: 'segments.list' }],
  ['/segments/data_series', { endpoint: 'data_series', permission: 'segments.data_series' }],
]);

const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  contentType: JSON_TYPE,
  body: JSON.stringify(body),
  headers,
});
const html = (status: number, body: string): Answer => ({ status, contentType: HTML_TYPE, body });

/** Own properties only, so names like `constructor` or `__proto__` in a query are plain parameters. */
function param(query: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(query, name) ? query[name] : undefined;
}

function parseTarget(target: string): { pathname: string; query: Record<string, string> } {
  const q = target.indexOf('?');
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(q < 0 ? '' : target.slice(q + 1))) {
    if (!Object.hasOwn(query, name)) {
      Object.defineProperty(query, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return { pathname: q < 0 ? target : target.slice(0, q), query };
}

/** A key as the server knows it: what it may do, and the one workspace it sees. */
interface KeyEntry {
  permissions: ReadonlySet<Permission>;
  workspace: string;
}

export class BrazeTestServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** TCP connections accepted (since start or the last resetRecords()). */
  connectionCount = 0;
  /** Braze requests received and not yet answered. */
  inFlight = 0;
  /** The most Braze requests that were in flight at once (since start or the last resetRecords()). */
  maxInFlight = 0;

  // Behaviour switches, set by tests.
  /** Epoch seconds: until then every authenticated request gets a 429. */
  rateLimitedUntil: number | undefined;
  /** Answer the next N requests with an HTML 503; -1 means always. */
  serverErrors = 0;
  /** Only requests to this endpoint get (and count against) `serverErrors`; undefined: every path. */
  serverErrorsFor: Endpoint | undefined;
  /** Delay every answer by this many milliseconds (cancelled by close()). */
  delayMs = 0;
  /** Delay each /segments/list answer by this many milliseconds for its page (after `delayMs`), e.g. so later pages arrive first. */
  listPageDelayMs: ((page: number) => number) | undefined;
  /** /segments/list pages from `fromPage` on answer a 429 (`rate-limited`) or an HTML 503 (`server`). */
  failListPages: { fromPage: number; kind: 'rate-limited' | 'server' } | undefined;
  /** Called as each Braze request arrives, before it is answered (a test changes the segments mid-load with it). */
  onArrive: ((request: RecordedRequest) => void) | undefined;
  /** Break every 200 answer of the three endpoints this way, until set back to undefined. */
  malformed: Malformation | undefined;
  /** How an unknown segment_id answers on details and data_series. */
  notFoundStyle: '404' | '400' = '404';
  /** Added to (and overriding) every response's headers. */
  extraHeaders: Record<string, string | string[]> = {};
  /** A hostile server, for the trust tests (see `Hostility`); undefined behaves. */
  hostile: Hostility | undefined;
  /** How `x-ratelimit-reset` is written: Braze's epoch seconds, or the ways a broken gateway gets it wrong. */
  rateLimitResetStyle: 'seconds' | 'milliseconds' | 'year-2100' | 'invalid' = 'seconds';
  /** Sent as `Retry-After` (seconds) with every 429, when set. */
  retryAfterSeconds: number | undefined;
  rateLimitPerHour: number;
  /** The clock behind rate-limit windows and the default `ending_at`; replaceable for tests. */
  now: () => number = Date.now;
  /** Called once per request when it is done (the CLI logs with it). */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  /** Called when `/__control` switched the failure mode (the demo logs with it). */
  onControl: ((state: ControlState) => void) | undefined;

  private readonly server: http.Server;
  /** Segments by workspace name; the default workspace is always there. */
  private readonly workspaces = new Map<string, ServerSegment[]>();
  private readonly keys = new Map<string, KeyEntry>();
  /** Requests per key in the current hour. */
  private readonly used = new Map<string, number>();
  private windowReset = 0;
  private readonly sockets = new Set<Socket>();
  private readonly pendingDelays = new Set<() => void>();
  private address: AddressInfo | undefined;
  private host = '127.0.0.1';

  private constructor(options: BrazeTestServerOptions) {
    const others = options.workspaces ?? { [STAGING_WORKSPACE]: [...STAGING_SEGMENTS] };
    // Two sources for one workspace would leave a test unsure which one it is reading.
    if (Object.hasOwn(others, DEFAULT_WORKSPACE)) throw new Error(`options.workspaces must not name "${DEFAULT_WORKSPACE}": use options.segments`);
    this.workspaces.set(DEFAULT_WORKSPACE, options.segments ?? [...FIXTURE_SEGMENTS]);
    for (const [name, list] of Object.entries(others)) this.workspaces.set(name, list);
    this.rateLimitPerHour = options.rateLimitPerHour ?? 250_000;
    for (const [key, permissions] of Object.entries(PERMISSIONS_BY_KEY)) this.addKey(key, permissions);
    if (this.workspaces.has(STAGING_WORKSPACE)) {
      for (const [key, permissions] of Object.entries(STAGING_PERMISSIONS_BY_KEY)) this.addKey(key, permissions, STAGING_WORKSPACE);
    }
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the server itself: say so loudly rather than leave the client hanging.
        console.error('BrazeTestServer:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('test server error');
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.connectionCount++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: BrazeTestServerOptions = {}): Promise<BrazeTestServer> {
    const instance = new BrazeTestServer(options);
    instance.host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.server.listen(options.port ?? 0, instance.host, () => {
        instance.server.off('error', reject);
        resolve();
      });
    });
    instance.address = instance.server.address() as AddressInfo;
    return instance;
  }

  get port(): number {
    return this.address?.port ?? 0;
  }

  /** e.g. `http://127.0.0.1:43123`, without a trailing slash. A wildcard host is reached via loopback. */
  get url(): string {
    const host = this.host === '0.0.0.0' ? '127.0.0.1' : this.host === '::' ? '::1' : this.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  /** Stops listening, cancels pending delays and destroys open (keep-alive) sockets, so it never hangs. */
  async close(): Promise<void> {
    for (const cancel of [...this.pendingDelays]) cancel();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** The default workspace's segments; tests may replace or edit them at any time. */
  get segments(): ServerSegment[] {
    return this.segmentsOf(DEFAULT_WORKSPACE);
  }

  set segments(list: ServerSegment[]) {
    this.workspaces.set(DEFAULT_WORKSPACE, list);
  }

  /** A workspace's segments, the live array (edits show in the next answer); throws for an unknown name. */
  segmentsOf(workspace: string): ServerSegment[] {
    const list = this.workspaces.get(workspace);
    if (!list) throw new Error(`no workspace "${workspace}" (known: ${[...this.workspaces.keys()].join(', ')})`);
    return list;
  }

  /** Replaces a workspace's segments with a copy of `list`, creating the workspace if it is new. */
  setSegments(list: readonly ServerSegment[], workspace: string = DEFAULT_WORKSPACE): void {
    this.workspaces.set(workspace, [...list]);
  }

  /**
   * Adds (or replaces) a key that sees only `workspace`. The workspace must exist already, so a typo
   * fails here rather than as a puzzling empty list later.
   */
  addKey(key: string, permissions: readonly Permission[], workspace: string = DEFAULT_WORKSPACE): void {
    this.segmentsOf(workspace);
    this.keys.set(key, { permissions: new Set(permissions), workspace });
  }

  /** A revoked key answers 401 from then on. */
  removeKey(key: string): void {
    this.keys.delete(key);
  }

  /** Requests received, optionally only those to `pathname` and for `segmentId`. */
  requestCount(pathname?: string, segmentId?: string): number {
    return this.requests.filter(
      (r) => (pathname === undefined || r.pathname === pathname) && (segmentId === undefined || r.query.segment_id === segmentId),
    ).length;
  }

  resetRecords(): void {
    this.requests.length = 0;
    this.connectionCount = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Counts `count` requests against `key`'s hourly allowance, as if it had sent them. */
  spendRateLimit(key: string, count: number): void {
    this.countRequest(key); // opens the current window, so that the count below is kept
    this.used.set(key, (this.used.get(key) ?? 0) - 1 + count);
  }

  /** Gives every key its full hourly allowance back. */
  resetRateLimits(): void {
    this.used.clear();
  }

  /** Spends `key`'s whole hourly allowance: its next requests get 429, other keys' go on. */
  useUpRateLimit(key: string): void {
    this.countRequest(key); // opens the current window, so that the count below is kept
    this.used.set(key, this.rateLimitPerHour);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.resume(); // drain any body, so the connection can be reused
    const target = req.url ?? '/';
    const { pathname, query } = parseTarget(target);
    // Not a Braze request: never recorded, delayed or failed, so `mode=ok` always gets through.
    if (pathname === CONTROL_PATH) return this.control(req.method ?? 'GET', query, res);
    const bearer = /^Bearer (.*)$/i.exec(req.headers.authorization ?? '');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: target,
      pathname,
      query,
      key: bearer ? bearer[1] : undefined,
      status: 0,
      at: this.now(),
      remotePort: req.socket.remotePort ?? 0,
    };
    this.requests.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.respond(req, res, record);
    } finally {
      this.inFlight--;
    }
  }

  private async respond(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest): Promise<void> {
    const { pathname } = record;
    this.onArrive?.(record);
    if (this.delayMs > 0 && !(await this.sleep(this.delayMs))) return; // closed meanwhile
    const pageDelay = pathname === '/segments/list' ? (this.listPageDelayMs?.(Number(record.query.page ?? 0)) ?? 0) : 0;
    if (pageDelay > 0 && !(await this.sleep(pageDelay))) return;

    if (!res.destroyed && this.hostile && (this.hostile.kind === 'endless-body' || this.hostile.kind === 'huge-body') && ROUTES.has(pathname)) {
      record.status = 200;
      await this.stream(res, this.hostile.kind === 'huge-body' ? this.hostile.bytes : undefined);
    } else if (!res.destroyed) {
      const answer = this.answer(record, req.headers.authorization ?? '');
      res.writeHead(answer.status, {
        'content-type': answer.contentType,
        'content-length': String(Buffer.byteLength(answer.body)),
        ...answer.headers,
        ...this.extraHeaders,
      });
      res.end(answer.body);
      record.status = answer.status;
    }
    this.onRequest?.(record);
  }

  private control(method: string, query: Record<string, string>, res: http.ServerResponse): void {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    };
    if (method !== 'GET' && method !== 'POST') return send(405, { message: 'Method Not Allowed' }, { allow: 'GET, POST' });
    const result = applyControl(this, query, this.now());
    if (!result.ok) return send(400, { message: result.message });
    send(200, { message: 'success', ...result.state });
    if (param(query, 'mode') !== undefined) this.onControl?.(result.state);
  }

  /**
   * A 200 JSON answer whose `name` runs for `bytes` bytes in all, or forever when `bytes` is
   * undefined; written as fast as the client reads, until it leaves or the server closes.
   */
  private async stream(res: http.ServerResponse, bytes: number | undefined): Promise<void> {
    const head = '{"message":"success","name":"';
    const tail = '"}';
    const chunk = 'x'.repeat(64 * 1024);
    res.writeHead(200, { 'content-type': JSON_TYPE, ...(bytes === undefined ? {} : { 'content-length': String(bytes) }) });
    res.write(head);
    let left = bytes === undefined ? Infinity : bytes - head.length - tail.length;
    let closed = false;
    const stop = () => (closed = true);
    res.on('close', stop);
    this.pendingDelays.add(stop);
    try {
      while (left > 0 && !closed && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
        left -= piece.length;
        if (!res.write(piece)) await drainOrClose(res);
      }
      if (!closed && !res.destroyed) res.end(tail);
    } finally {
      this.pendingDelays.delete(stop);
      res.off('close', stop);
    }
  }

  /** Resolves true after `ms`, or false as soon as the server closes. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        this.pendingDelays.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.pendingDelays.delete(cancel);
        resolve(true);
      }, ms);
      this.pendingDelays.add(cancel);
    });
  }

  /** The checks run in the order a gateway and then Braze would: availability, URL, method, key, limit, permission. */
  private answer(request: RecordedRequest, authorization: string): Answer {
    const route = ROUTES.get(request.pathname);
    if (this.serverErrors !== 0 && (this.serverErrorsFor === undefined || route?.endpoint === this.serverErrorsFor)) {
      if (this.serverErrors > 0) this.serverErrors--;
      return html(503, SERVICE_UNAVAILABLE_HTML);
    }
    if (!route) return html(404, NOT_FOUND_HTML);
    if (this.hostile?.kind === 'echo-authorization') {
      return json(this.hostile.status ?? 400, { message: `Request rejected. We received: Authorization: ${authorization} (please check it)` });
    }
    if (this.hostile?.kind === 'markup-message') return json(this.hostile.status ?? 400, { message: MARKUP_MESSAGE });
    if (request.method !== 'GET') return { ...json(405, { message: 'Method Not Allowed' }), headers: { allow: 'GET' } };

    // A key in the query is deprecated and must never be sent: refuse it even next to a valid header.
    const entry = request.key === undefined || param(request.query, 'api_key') !== undefined ? undefined : this.keys.get(request.key);
    if (!entry || request.key === undefined) return json(401, { message: 'Invalid API key' });

    const limit = this.countRequest(request.key);
    const failPage = route.endpoint === 'list' && this.failListPages && Number(param(request.query, 'page') ?? 0) >= this.failListPages.fromPage;
    if (failPage && this.failListPages?.kind === 'server') return html(503, SERVICE_UNAVAILABLE_HTML);
    if (limit.exceeded || (failPage && this.failListPages?.kind === 'rate-limited')) {
      const retryAfter: Record<string, string> = this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) };
      return json(429, { message: 'API rate limit exceeded' }, { ...limit.headers, ...retryAfter });
    }
    if (!entry.permissions.has(route.permission)) return json(403, { message: 'Access Denied' }, limit.headers);

    // Read at answer time, not at addKey: tests replace a workspace's array while keys stay.
    const result = this.endpoint(route.endpoint, request.query, this.segmentsOf(entry.workspace));
    if (result.status === 200 && this.malformed) {
      return { status: 200, contentType: JSON_TYPE, body: malformedText(this.malformed, route.endpoint, result.body), headers: limit.headers };
    }
    return json(result.status, result.body, limit.headers);
  }

  /** Counts one request against `key`'s hourly allowance and returns the headers Braze would send. */
  private countRequest(key: string): { exceeded: boolean; headers: Record<string, string> } {
    const nowMs = this.now();
    const reset = (Math.floor(nowMs / 3_600_000) + 1) * 3600;
    if (reset !== this.windowReset) {
      this.windowReset = reset;
      this.used.clear();
    }
    const used = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, used);
    const limitHeader = String(this.rateLimitPerHour);
    if (this.rateLimitedUntil !== undefined && nowMs / 1000 < this.rateLimitedUntil) {
      return {
        exceeded: true,
        headers: { 'x-ratelimit-limit': limitHeader, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': this.resetHeader(this.rateLimitedUntil) },
      };
    }
    return {
      exceeded: used > this.rateLimitPerHour,
      headers: {
        'x-ratelimit-limit': limitHeader,
        'x-ratelimit-remaining': String(Math.max(0, this.rateLimitPerHour - used)),
        'x-ratelimit-reset': this.resetHeader(reset),
      },
    };
  }

  private resetHeader(epochSeconds: number): string {
    switch (this.rateLimitResetStyle) {
      case 'seconds':
        return String(epochSeconds);
      case 'milliseconds':
        return String(epochSeconds * 1000);
      case 'year-2100':
        return String(Date.UTC(2100, 0, 1) / 1000);
      case 'invalid':
        return '9e99';
    }
  }

  /** Answers from `segments`, the requesting key's workspace: another workspace's id is as unknown as any. */
  private endpoint(endpoint: Endpoint, query: Record<string, string>, segments: readonly ServerSegment[]): { status: number; body: Record<string, unknown> } {
    switch (endpoint) {
      case 'details':
        return this.details(query, segments);
      case 'list':
        return this.list(query, segments);
      case 'data_series':
        return this.dataSeries(query, segments);
    }
  }

  private details(query: Record<string, string>, segments: readonly ServerSegment[]): { status: number; body: Record<string, unknown> } {
    const id = param(query, 'segment_id');
    if (!id) return { status: 400, body: { message: 'segment_id is required' } };
    const segment = segments.find((s) => s.id === id);
    return segment ? { status: 200, body: detailsBody(segment) } : this.notFound();
  }

  private list(query: Record<string, string>, segments: readonly ServerSegment[]): { status: number; body: Record<string, unknown> } {
    const page = param(query, 'page') ?? '0';
    if (!/^\d+$/.test(page)) {
      return { status: 400, body: { message: 'Invalid page', errors: ['page must be a non-negative integer'] } };
    }
    const direction = param(query, 'sort_direction') ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') {
      return { status: 400, body: { message: 'Invalid sort_direction', errors: ["sort_direction must be 'asc' or 'desc'"] } };
    }
    const served = this.hostile?.kind === 'ignore-page' ? 0 : Number(page);
    return { status: 200, body: listBody(segments, served, direction) };
  }

  private dataSeries(query: Record<string, string>, segments: readonly ServerSegment[]): { status: number; body: Record<string, unknown> } {
    const id = param(query, 'segment_id');
    if (!id) return { status: 400, body: { message: 'segment_id is required' } };
    const length = param(query, 'length') ?? '';
    if (!/^\d+$/.test(length) || Number(length) < 1 || Number(length) > 100) {
      return { status: 400, body: { message: 'length must be an integer between 1 and 100' } };
    }
    const endingAtText = param(query, 'ending_at');
    const endingAt = endingAtText === undefined ? this.now() : Date.parse(endingAtText);
    if (Number.isNaN(endingAt)) return { status: 400, body: { message: 'Invalid ending_at', errors: ['ending_at must be an ISO 8601 date'] } };
    const segment = segments.find((s) => s.id === id);
    if (!segment) return this.notFound();
    return { status: 200, body: { message: 'success', data: dataSeries(segment, Number(length), endingAt) } };
  }

  private notFound(): { status: number; body: Record<string, unknown> } {
    return this.notFoundStyle === '404'
      ? { status: 404, body: { message: 'Segment not found' } }
      : { status: 400, body: { message: 'Invalid segment_id', errors: ['segment_id is not valid'] } };
  }
}
