// The network settings the transport follows: VS Code's own `http.*` settings as plain data (src/ui
// reads them; nothing here imports vscode), plus the environment, where proxies are also set.

/** VS Code's `http.proxySupport`: `off` sends every request directly; the others use the proxy. */
export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

export interface NetworkConfig {
  /** `http.proxy` ('' when unset): `http://[user:password@]host:port`. */
  proxy: string;
  /** `http.proxyAuthorization`: sent as Proxy-Authorization instead of the URL's credentials. */
  proxyAuthorization?: string;
  /** `http.noProxy`: hosts reached directly; when empty, NO_PROXY from the environment counts. */
  noProxy: readonly string[];
  proxySupport: ProxySupport;
  /** `http.proxyStrictSSL`: false accepts any certificate (Braze's and the proxy's), with a warning. */
  strictSSL: boolean;
  /** `http.systemCertificates`: trust the OS's certificates as well as Node's own list. */
  systemCertificates: boolean;
  /** Where HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY are read (the extension host's process.env). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * What a transport does when nobody configures it: direct, Node's certificates only, the environment
 * ignored. Tests and scripts get exactly what they ask for; the extension passes the user's settings.
 */
export const DIRECT: NetworkConfig = {
  proxy: '',
  noProxy: [],
  proxySupport: 'override',
  strictSSL: true,
  systemCertificates: false,
  env: {},
};
