// VS Code's own network settings (`http.proxy`, `http.proxyAuthorization`, `http.noProxy`,
// `http.proxySupport`, `http.proxyStrictSSL`, `http.systemCertificates`), read for the transport,
// which VS Code's proxy support does not reach (it patches Node's http/https and fetch, not a bundled
// undici). Owned by activate(); read once, forgotten and announced when one of them changes.
import * as vscode from 'vscode';
import type { NetworkConfig, ProxySupport } from '../braze/network';
import { Emitter, type Event } from '../common/events';
import { Disposable } from '../common/lifecycle';

const NETWORK_SETTINGS = ['http.proxy', 'http.proxyAuthorization', 'http.noProxy', 'http.proxySupport', 'http.proxyStrictSSL', 'http.systemCertificates'] as const;

export class NetworkSettings extends Disposable {
  private cached: NetworkConfig | undefined;
  private readonly changed = this._register(new Emitter<NetworkConfig>());

  /** Fires with the new settings when any of them changes. */
  readonly onDidChange: Event<NetworkConfig> = this.changed.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!NETWORK_SETTINGS.some((key) => event.affectsConfiguration(key))) return;
        this.cached = undefined;
        this.changed.fire(this.current());
      }),
    );
  }

  current(): NetworkConfig {
    return (this.cached ??= read());
  }
}

function read(): NetworkConfig {
  const http = vscode.workspace.getConfiguration('http');
  // Only the user's own values count (VS Code registers these as application or machine settings):
  // a workspace's .vscode/settings.json must not route the key through its proxy or turn certificate
  // checks off, and this read enforces that even on a host that would let it.
  const user = <T>(key: string, fallback: T): T => {
    const inspected = http.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const support = user<string>('proxySupport', 'override');
  const noProxy = user<unknown>('noProxy', []);
  const authorization = user<string | null>('proxyAuthorization', null);
  return {
    proxy: stringOr(user<unknown>('proxy', ''), ''),
    ...(typeof authorization === 'string' && authorization.trim() ? { proxyAuthorization: authorization.trim() } : {}),
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
    proxySupport: (['off', 'on', 'fallback', 'override'] as const).includes(support as ProxySupport) ? (support as ProxySupport) : 'override',
    strictSSL: user<unknown>('proxyStrictSSL', true) !== false,
    systemCertificates: user<unknown>('systemCertificates', true) !== false,
    env: process.env,
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
