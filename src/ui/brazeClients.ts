// Makes the BrazeClients of every workspace over one HTTP transport: the window's connections, its
// response size cap and its network settings (proxy, certificates) are shared, and a change of those
// applies to the next request. Every request is written to the Braze log, which is first told the
// key and the proxy's secrets so that no line can show them.
//
// Shortly after activation it warms the transport up for the workspaces that can send (an endpoint
// and a stored key): undici loaded, the route and certificates settled, one connection open. That
// is off activation's path and sends no request to Braze; the first hover then pays none of it.
import { BrazeClient } from '../braze/client';
import { HttpTransport } from '../braze/http';
import type { NetworkConfig } from '../braze/network';
import { proxySecrets } from '../braze/proxy';
import { Disposable } from '../common/lifecycle';
import type { ClientHooks } from '../segments/workspace';
import type { BrazeLog } from './log';
import type { NetworkSettings } from './networkSettings';

/** How long after activation the warm-up starts: VS Code is busy starting every extension until then. */
export const WARM_UP_DELAY_MS = 1_500;

export class BrazeClients extends Disposable {
  private readonly transport: HttpTransport;

  constructor(
    private readonly log: BrazeLog,
    network: NetworkSettings,
  ) {
    super();
    const protect = (config: NetworkConfig) => proxySecrets(config).forEach((secret) => log.protect(secret));
    protect(network.current());
    this.transport = new HttpTransport({ network: network.current(), onNotice: ({ level, message }) => log[level](message) });
    this._register(
      network.onDidChange((config) => {
        protect(config);
        this.transport.configure(config);
      }),
    );
    this._register({ dispose: () => void this.transport.close() });
  }

  /**
   * In `delayMs`, gets the transport ready for each endpoint `origins()` names (it is asked then, not
   * now), one after another; cancelled by dispose. Each is told in the log, with what was warmed.
   */
  scheduleWarmUp(origins: () => Promise<readonly string[]>, delayMs: number = WARM_UP_DELAY_MS): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => void this.warmUp(origins).finally(resolve), delayMs);
      timer.unref?.(); // never what keeps a process alive
      this._register({
        dispose: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Whether a request to `origin` would find undici loaded and its pool built. */
  isWarm(origin: string): boolean {
    return this.transport.isWarm(origin);
  }

  private async warmUp(origins: () => Promise<readonly string[]>): Promise<void> {
    for (const origin of new Set(await origins().catch(() => []))) {
      if (this.isDisposed) return;
      const started = performance.now();
      const warm = await this.transport.warmUp(origin);
      if (!warm || this.isDisposed) continue; // the first request meets the failure again, and reports it
      // eslint-disable-next-line no-restricted-syntax -- the log's alone
      const what = warm.connected ? 'a connection is open' : warm.route.kind === 'proxy' ? 'the proxy agent is ready (no tunnel is opened ahead)' : 'no connection could be opened ahead';
      this.log.info(`Warmed up ${origin} in ${Math.round(performance.now() - started)} ms, without a request: ${what}.`);
    }
  }

  /** A client for `key` on `endpoint`; `hooks` hear of its requests and rate limits. */
  create(endpoint: string, key: string, timeoutMs: number, hooks?: Partial<ClientHooks>): BrazeClient {
    this.log.protect(key);
    return new BrazeClient({
      endpoint,
      apiKey: key,
      timeoutMs,
      transport: this.transport,
      onRequest: (entry) => {
        this.log.request(endpoint, entry);
        hooks?.onRequest?.(entry);
      },
      onRateLimit: (rateLimit) => hooks?.onRateLimit?.(rateLimit),
    });
  }
}
