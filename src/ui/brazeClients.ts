// Makes the BrazeClients of every workspace over one HTTP transport: the window's connections, its
// response size cap and its network settings (proxy, certificates) are shared, and a change of those
// applies to the next request. Every request is written to the Braze log, which is first told the
// key and the proxy's secrets so that no line can show them.
import { BrazeClient } from '../braze/client';
import { HttpTransport } from '../braze/http';
import type { NetworkConfig } from '../braze/network';
import { proxySecrets } from '../braze/proxy';
import { Disposable } from '../common/lifecycle';
import type { ClientHooks } from '../segments/workspace';
import type { BrazeLog } from './log';
import type { NetworkSettings } from './networkSettings';

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
