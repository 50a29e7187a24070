// The one place that talks HTTP. undici is required on the first request, not at import, so that
// activating the extension does not load it (esbuild ships it as dist/undici.js). One keep-alive pool
// per origin: a hover, a panel and the tree share connections instead of opening one each.
//
// Every answer is bounded: undici's `maxResponseSize` cuts a body off at `maxResponseBytes`, so an
// endless or huge answer costs a few megabytes, not the extension host. Requests wait for a free
// connection in a queue of our own, bounded on its own, so the request timeout runs from when a
// request is actually sent and a request that never left is never blamed on Braze.
//
// Requests follow the network settings (network.ts): through the proxy decided in proxy.ts, using
// undici's own ProxyAgent (CONNECT tunnels for https://, absolute-form requests for http://), and
// with the certificates of tlsTrust.ts. VS Code routes Node's http/https modules and global fetch
// through its proxy, but not a bundled undici: this is what does it for us. The transport owns its
// dispatchers; `configure()` closes them (requests in flight finish) and the next request builds new.
import * as l10n from '@vscode/l10n';
import type { Dispatcher, Pool, ProxyAgent } from 'undici';
import { BrazeError } from './errors';
import { DIRECT, type NetworkConfig } from './network';
import { peekCertificate, probe, type ProbeResult, type ProbeTarget } from './probe';
import { Preconnector } from './preconnect';
import { decideRoute, describeProxy, type ProxyDecision, type Route } from './proxy';
import type { HeaderBag } from './rateLimit';
import { readSystemCertificates, type SystemCertificates } from './systemCertificates';
import { loadTrust, type TlsTrust } from './tlsTrust';
import { certificateError, transportError } from './transportErrors';

export interface HttpResponse {
  status: number;
  headers: HeaderBag;
  body: string;
}

export interface HttpRequest {
  origin: string;
  /** Path and query, already encoded. */
  path: string;
  /** Never changed by the transport: the same object may be passed with every request. */
  headers: Record<string, string>;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** How long the request may take once it is sent. */
  timeoutMs: number;
  /** How long it may wait for a free connection before it is given up unsent (default `timeoutMs`). */
  queueTimeoutMs?: number;
}

export interface NetworkNotice {
  level: 'info' | 'warn';
  message: string;
}

export interface HttpTransportOptions {
  /** Larger answers are refused (default 4 MiB: a page of 100 segments is a few KB). */
  maxResponseBytes?: number;
  /** Connections per origin, and so requests in flight per origin (default 8). */
  connectionsPerOrigin?: number;
  /** Proxy and certificate settings (default: direct, Node's certificates, the environment ignored). */
  network?: NetworkConfig;
  /** How long making a connection (TCP, the proxy's tunnel, TLS) may take (default 5 s): a failure a retry may cure. */
  connectTimeoutMs?: number;
  /** Told once per configuration what it means: each origin's route, the certificates trusted, warnings. */
  onNotice?: (notice: NetworkNotice) => void;
  /** Reads the OS certificate store (tests point it at a bundle of their own). */
  systemCertificates?: () => Promise<SystemCertificates>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

interface Target {
  dispatcher: Dispatcher;
  slots: Slots;
  decision: ProxyDecision;
  parseHeaders: (raw: Buffer[]) => HeaderBag;
  /** Opens the pool's first connection ahead of its first request (direct routes only). */
  preconnector?: Preconnector;
}

/** What `warmUp()` got ready for an origin. */
export interface WarmUp {
  route: Route;
  /** A connection (TCP and TLS) is open and waiting: false through a proxy, or when it could not be made. */
  connected: boolean;
}

/** How long a connection opened ahead waits for its first request before it is closed. */
const PRECONNECTED_IDLE_MS = 20_000;

export class HttpTransport {
  readonly maxResponseBytes: number;
  private readonly connections: number;
  private readonly connectTimeoutMs: number;
  private readonly onNotice: ((notice: NetworkNotice) => void) | undefined;
  private readonly readSystem: () => Promise<SystemCertificates>;
  // Private fields: the network settings may hold a proxy password.
  #network: NetworkConfig;
  #dispatchers: Dispatchers | undefined;

  constructor(options: HttpTransportOptions = {}) {
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.connections = options.connectionsPerOrigin ?? 8;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.onNotice = options.onNotice;
    this.readSystem = options.systemCertificates ?? (() => readSystemCertificates());
    this.#network = options.network ?? DIRECT;
  }

  /** New network settings: the next request uses them; connections made under the old ones close once idle. */
  configure(network: NetworkConfig): void {
    this.#network = network;
    const old = this.#dispatchers;
    this.#dispatchers = undefined;
    void old?.close();
  }

  /** A GET; rejects only with a BrazeError (`not-sent`, `timeout`, `aborted`, `too-large`, `network`, `proxy`, `certificate`, `internal`). */
  async get(request: HttpRequest): Promise<HttpResponse> {
    let dispatchers: Dispatchers;
    let target: Target;
    for (;;) {
      dispatchers = this.current();
      // Once an origin's dispatcher is built, a request with a free slot goes out without waiting a turn.
      target = dispatchers.ready(request.origin) ?? (await dispatchers.target(request.origin));
      if (!target.slots.take()) await target.slots.wait(request.queueTimeoutMs ?? request.timeoutMs, request.signal);
      if (dispatchers === this.#dispatchers) break;
      target.slots.release(); // the settings changed while it waited: its dispatcher is closing, take the new one
    }
    const { dispatcher, decision } = target;
    // A pool only reads the headers, so callers may pass the same object every time; a ProxyAgent adds
    // `host` to them, so it gets a copy.
    const headers = decision.route.kind === 'proxy' ? { ...request.headers } : request.headers;
    try {
      return await new Promise<HttpResponse>((resolve, reject) => {
        dispatcher.dispatch({ origin: request.origin, method: 'GET', path: request.path, headers }, new TextResponse(target.parseHeaders, resolve, reject, request.timeoutMs, request.signal));
      });
    } catch (thrown) {
      if (thrown === CANCELLED || request.signal?.aborted) throw new BrazeError('aborted', 'The request was cancelled.');
      const proxy = decision.route.kind === 'proxy' ? decision.route.proxy : undefined;
      if (thrown === TIMED_OUT) {
        throw new BrazeError('timeout', proxy ? l10n.t('Braze did not answer within {0} s (through the proxy {1}).', seconds(request.timeoutMs), proxy.display) : l10n.t('Braze did not answer within {0} s.', seconds(request.timeoutMs)));
      }
      const error = transportError(thrown, { origin: request.origin, proxy, maxResponseBytes: this.maxResponseBytes });
      throw error.kind === 'certificate' && error.host === new URL(request.origin).hostname ? await dispatchers.withIssuer(request.origin, error) : error;
    } finally {
      target.slots.release();
    }
  }

  /**
   * Gets `origin` ready ahead of its first request, sending nothing to it: undici loaded, the route
   * decided, the certificates read, the pool (or the proxy's agent) built and, on a direct route, one
   * connection opened (TCP and TLS) for the first request to use. Never rejects: whatever failed, the
   * first request meets again and reports.
   */
  async warmUp(origin: string): Promise<WarmUp | undefined> {
    try {
      const target = await this.current().target(origin);
      const connected = (await target.preconnector?.open()) ?? false;
      return { route: target.decision.route, connected };
    } catch {
      return undefined;
    }
  }

  /** Whether a request to `origin` would find its dispatcher built (undici loaded, certificates read). */
  isWarm(origin: string): boolean {
    return this.#dispatchers?.ready(origin) !== undefined;
  }

  /** Test Connection's network steps for `origin`, over the route and with the certificates requests use. */
  async probe(origin: string, timeoutMs: number): Promise<{ route: Route; trust: TlsTrust; result: ProbeResult }> {
    const dispatchers = this.current();
    const decision = decideRoute(this.#network, origin);
    const trust = await dispatchers.trust();
    if (decision.route.kind === 'unusable') return { route: decision.route, trust, result: { steps: [], ok: false } };
    return { route: decision.route, trust, result: await probe({ origin, decision, tls: trust.options }, timeoutMs) };
  }

  /** Closes every pool: on deactivation, and when tests finish. */
  async close(): Promise<void> {
    const old = this.#dispatchers;
    this.#dispatchers = undefined;
    await old?.close();
  }

  private current(): Dispatchers {
    return (this.#dispatchers ??= new Dispatchers(this.#network, {
      connections: this.connections,
      maxResponseBytes: this.maxResponseBytes,
      connectTimeoutMs: this.connectTimeoutMs,
      onNotice: this.onNotice,
      readSystem: this.readSystem,
    }));
  }
}

interface DispatcherOptions {
  connections: number;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  onNotice: ((notice: NetworkNotice) => void) | undefined;
  readSystem: () => Promise<SystemCertificates>;
}

/** The dispatchers of one network configuration: a pool per direct origin, a ProxyAgent per proxy. */
class Dispatchers {
  private readonly origins = new Map<string, Promise<Target>>();
  /** The origins whose dispatcher is built, for requests that need not wait for it. */
  private readonly built = new Map<string, Target>();
  private readonly proxies = new Map<string, ProxyAgent>();
  private readonly closers: Array<() => Promise<void>> = [];
  private trustLoading: Promise<TlsTrust> | undefined;
  private readonly issuers = new Map<string, Promise<BrazeError>>();

  constructor(
    private readonly network: NetworkConfig,
    private readonly options: DispatcherOptions,
  ) {}

  /** The certificates trusted, read once per configuration (on the first request, not at activation). */
  trust(): Promise<TlsTrust> {
    return (this.trustLoading ??= loadTrust(this.network, this.options.readSystem)
      .catch((error: unknown): TlsTrust => {
        // Reading the OS store is a bonus: failing to is no reason to stop every request.
        const reason = error instanceof Error ? error.message : String(error);
        return { options: { rejectUnauthorized: this.network.strictSSL }, description: l10n.t("Node's bundled roots only"), warnings: [l10n.t('The OS certificates could not be read: {0}', reason)] };
      })
      .then((trust) => {
        for (const warning of trust.warnings) this.options.onNotice?.({ level: 'warn', message: warning });
        this.options.onNotice?.({ level: 'info', message: `TLS: trusting ${trust.description}.` });
        return trust;
      }));
  }

  target(origin: string): Promise<Target> {
    let target = this.origins.get(origin);
    if (!target) {
      target = this.build(origin).then((built) => {
        this.built.set(origin, built);
        return built;
      });
      this.origins.set(origin, target);
    }
    return target;
  }

  /** The origin's dispatcher if it is built already. */
  ready(origin: string): Target | undefined {
    return this.built.get(origin);
  }

  /** `error` with the issuer of the certificate that was refused, looked at once per origin. */
  withIssuer(origin: string, error: BrazeError): Promise<BrazeError> {
    let named = this.issuers.get(origin);
    if (!named) {
      named = this.trust().then(async (trust) => {
        const target: ProbeTarget = { origin, decision: decideRoute(this.network, origin), tls: trust.options };
        const seen = await peekCertificate(target, this.options.connectTimeoutMs);
        return certificateError(error.host ?? new URL(origin).hostname, error.code ?? 'CERT_UNTRUSTED', seen);
      });
      this.issuers.set(origin, named);
    }
    return named;
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.map((close) => close().catch(() => undefined)));
  }

  private async build(origin: string): Promise<Target> {
    const decision = decideRoute(this.network, origin);
    const { route } = decision;
    if (route.kind === 'unusable') {
      // Going around a configured proxy would fail behind a real one, and would be a surprise anywhere.
      throw new BrazeError('proxy', l10n.t('The proxy in {0} cannot be used: {1}.', route.source, route.reason), { proxy: l10n.t('(from {0})', route.source) });
    }
    const trust = await this.trust();
    const tls = { ...trust.options, timeout: this.options.connectTimeoutMs };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const undici = require('undici') as typeof import('undici');
    const poolOptions: Pool.Options = {
      connections: this.options.connections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      maxResponseSize: this.options.maxResponseBytes,
    };
    let dispatcher: Dispatcher;
    let preconnector: Preconnector | undefined;
    if (route.kind === 'direct') {
      // The connector the pool would build from `tls`, behind one that can open a connection early.
      const opener = new Preconnector(undici.buildConnector(tls), origin, PRECONNECTED_IDLE_MS);
      const pool = new undici.Pool(origin, { ...poolOptions, connect: opener.connect });
      this.closers.push(() => {
        opener.close();
        return pool.close();
      });
      dispatcher = pool;
      preconnector = opener;
    } else {
      const connection = decision.connection!;
      let agent = this.proxies.get(connection.uri);
      if (!agent) {
        agent = new undici.ProxyAgent({
          uri: connection.uri,
          ...(connection.token ? { token: connection.token } : {}),
          // http:// origins in absolute form, as proxies expect; https:// through CONNECT tunnels.
          proxyTunnel: false,
          requestTls: tls,
          proxyTls: tls,
          // Every pool it makes (to a tunnelled origin, or to the proxy itself) keeps our limits.
          factory: (poolOrigin: string | URL, options: { connect?: Pool.Options['connect'] }) => new undici.Pool(poolOrigin, { ...poolOptions, connect: options.connect }),
        } as ProxyAgent.Options);
        const created = agent;
        this.proxies.set(connection.uri, created);
        this.closers.push(() => created.close());
      }
      dispatcher = agent;
    }
    // eslint-disable-next-line no-restricted-syntax -- the log's alone (onNotice)
    const how = route.kind === 'direct' ? `directly (${route.reason})` : `through the proxy ${describeProxy(route.proxy)}`;
    this.options.onNotice?.({ level: 'info', message: `Requests to ${origin} go ${how}.` });
    return { dispatcher, slots: new Slots(this.options.connections), decision, parseHeaders: undici.util.parseHeaders as (raw: Buffer[]) => HeaderBag, preconnector };
  }
}

/**
 * As many requests in flight as the pool has connections; the rest wait their turn, first come first
 * served. Each `take()` or resolved `wait()` is matched by exactly one `release()`.
 */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Takes a free slot if there is one. */
  take(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  /** Resolves once a slot is handed over; rejects `not-sent` after `timeoutMs`, `aborted` on the signal. */
  wait(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new BrazeError('aborted', 'The request was cancelled.'));
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
        () => leave(new BrazeError('not-sent', l10n.t('The request was not sent: other Braze requests kept every connection busy for {0} s.', seconds(timeoutMs)))),
        timeoutMs,
      );
      const grant = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Hands the slot to the next in line, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** What a TextResponse rejects with when the request's own time ran out, or the caller gave up. */
const TIMED_OUT = new Error('timed out');
const CANCELLED = new Error('cancelled');

/**
 * Reads one answer into a string, as undici's dispatch handler: the body's chunks are kept as they
 * come and joined once, with no stream in between. It owns the request's one timer, armed when the
 * request is handed to undici (the transport's queue is behind it, so that is when it is sent), and
 * listens to the caller's signal; either aborts the request through undici's own `abort`.
 */
class TextResponse implements Dispatcher.DispatchHandlers {
  private abort: ((reason: Error) => void) | undefined;
  /** Why it ended early (TIMED_OUT, CANCELLED), before undici handed over its `abort`. */
  private reason: Error | undefined;
  private settled = false;
  private status = 0;
  private headers: HeaderBag | undefined;
  private readonly chunks: Buffer[] = [];
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly parseHeaders: (raw: Buffer[]) => HeaderBag,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (reason: unknown) => void,
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(onTimeout, timeoutMs, this);
    this.timer.unref?.();
    if (signal) {
      if (signal.aborted) this.stop(CANCELLED);
      else signal.addEventListener('abort', this, { once: true });
    }
  }

  /** The caller's signal (an EventListener object, so no closure is made per request). */
  handleEvent(): void {
    this.stop(CANCELLED);
  }

  /** Ends the request with `reason` now, whether or not undici has started it. */
  stop(reason: Error): void {
    if (this.settled) return;
    if (this.abort) this.abort(reason); // undici calls onError(reason)
    else {
      this.reason = reason;
      this.finish();
      this.reject(reason);
    }
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.reason) abort(this.reason);
    else this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null): boolean {
    if (statusCode < 200) return true; // 1xx: the answer follows
    this.status = statusCode;
    this.headers = this.parseHeaders((rawHeaders ?? []) as Buffer[]);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.finish();
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers ?? {}, body });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.finish();
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
  }
}

function onTimeout(response: TextResponse): void {
  response.stop(TIMED_OUT);
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
