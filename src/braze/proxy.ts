// Which proxy, if any, a request to an origin goes through, decided the way curl and VS Code decide:
// `http.proxy` first, then the environment (`https_proxy`/`HTTPS_PROXY` for https, `http_proxy`/
// `HTTP_PROXY` for http, then `all_proxy`/`ALL_PROXY`; lower case wins, as in curl), and `http.noProxy`
// or else `NO_PROXY` for the hosts reached directly. A loopback host is proxied like any other unless
// a no-proxy entry names it (curl's rule; VS Code's own requests behave the same).
//
// The decision is made here, not inside undici's EnvHttpProxyAgent, so that Test Connection reports
// the very route requests take, and so that `NO_PROXY=braze.com` also covers `rest.iad-01.braze.com`
// as it does in curl (EnvHttpProxyAgent only matches subdomains for entries starting with a dot).
import * as l10n from '@vscode/l10n';
import type * as Net from 'node:net';
import { lazy } from '../common/lazy';
import type { NetworkConfig } from './network';

// node:net is loaded on the first route decision, not at activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = lazy(() => require('node:net') as typeof Net);

/** What may be shown or logged about a proxy: never its credentials. */
export interface ProxyEndpoint {
  /** `http://proxy.corp:3128`: scheme, host and port only. */
  display: string;
  /** Where it was configured: `http.proxy`, `HTTPS_PROXY`, `https_proxy`, … */
  source: string;
  /** Credentials are sent to it, and from where. */
  credentials?: 'url' | 'http.proxyAuthorization';
}

export type Route =
  | { kind: 'direct'; reason: string }
  | { kind: 'proxy'; proxy: ProxyEndpoint }
  /** A proxy is configured but cannot be used (not a URL, SOCKS): requests fail rather than go around it. */
  | { kind: 'unusable'; source: string; reason: string };

/** The route, and for a proxy what undici needs to use it. Keep `token` out of messages and logs. */
export interface ProxyDecision {
  route: Route;
  connection?: { uri: string; token?: string };
}

export function decideRoute(config: NetworkConfig, origin: string): ProxyDecision {
  if (config.proxySupport === 'off') return { route: { kind: 'direct', reason: l10n.t('http.proxySupport is "off"') } };
  const url = new URL(origin);
  const configured = configuredProxy(config, url.protocol);
  if (!configured) return { route: { kind: 'direct', reason: l10n.t('no proxy is set in http.proxy, HTTPS_PROXY, HTTP_PROXY or ALL_PROXY') } };
  const bypass = noProxyMatch(config, url);
  if (bypass) return { route: { kind: 'direct', reason: l10n.t('{0} lists "{1}"', bypass.source, bypass.entry) } };
  const parsed = parseProxyUrl(configured.value);
  if ('problem' in parsed) return { route: { kind: 'unusable', source: configured.source, reason: parsed.problem } };
  const authorization = config.proxyAuthorization?.trim();
  const token = authorization || parsed.token;
  const credentials = authorization ? 'http.proxyAuthorization' : parsed.token ? 'url' : undefined;
  return {
    route: { kind: 'proxy', proxy: { display: parsed.display, source: configured.source, ...(credentials ? { credentials } : {}) } },
    connection: { uri: parsed.display, ...(token ? { token } : {}) },
  };
}

/** "through the proxy http://proxy.corp:3128 (from http.proxy, with credentials)", "directly (…)". */
export function describeRoute(route: Route): string {
  switch (route.kind) {
    case 'direct':
      return l10n.t('directly ({0})', route.reason);
    case 'proxy':
      return l10n.t('through the proxy {0}', describeProxy(route.proxy));
    case 'unusable':
      return l10n.t('nowhere: the proxy in {0} cannot be used ({1})', route.source, route.reason);
  }
}

export function describeProxy(proxy: ProxyEndpoint): string {
  if (proxy.credentials === 'url') return l10n.t('{0} (from {1}, with the credentials in its URL)', proxy.display, proxy.source);
  if (proxy.credentials) return l10n.t('{0} (from {1}, with {2})', proxy.display, proxy.source, proxy.credentials);
  return l10n.t('{0} (from {1})', proxy.display, proxy.source);
}

/** Every secret the settings and environment hold for proxies, so that the log can scrub them too. */
export function proxySecrets(config: NetworkConfig): string[] {
  const secrets: string[] = [];
  for (const value of [config.proxy, ...ENV_PROXY_NAMES.map((name) => config.env[name])]) {
    const parsed = value ? parseProxyUrl(value) : undefined;
    if (parsed && 'token' in parsed && parsed.token) secrets.push(parsed.password, parsed.token.slice('Basic '.length));
  }
  const authorization = config.proxyAuthorization?.trim();
  if (authorization) secrets.push(authorization, authorization.replace(/^\S+\s+/, ''));
  return secrets.filter((secret) => secret.length >= 4);
}

const ENV_PROXY_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

function configuredProxy(config: NetworkConfig, protocol: string): { value: string; source: string } | undefined {
  const setting = config.proxy.trim();
  if (setting) return { value: setting, source: 'http.proxy' };
  const names = protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  for (const name of [...names, 'all_proxy', 'ALL_PROXY']) {
    const value = config.env[name]?.trim();
    if (value) return { value, source: name };
  }
  return undefined;
}

type ParsedProxy = { display: string; token?: string; password: string } | { problem: string };

function parseProxyUrl(value: string): ParsedProxy {
  // curl reads a bare `host:port` as an http:// proxy.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: l10n.t('it is not a URL') }; // never echo the value: it may hold a password
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: l10n.t('{0} proxies are not supported; use an http:// or https:// proxy', url.protocol.slice(0, -1)) };
  }
  const display = `${url.protocol}//${url.host}`;
  if (!url.username && !url.password) return { display, password: '' };
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  return { display, password, token: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The no-proxy entry that sends `url` directly, if one does. */
function noProxyMatch(config: NetworkConfig, url: URL): { entry: string; source: string } | undefined {
  const fromSettings = config.noProxy.map((entry) => entry.trim()).filter(Boolean);
  const envName = ['no_proxy', 'NO_PROXY'].find((name) => config.env[name]?.trim());
  const entries = fromSettings.length ? fromSettings : (envName ? config.env[envName] ?? '' : '').split(/[\s,]+/).filter(Boolean);
  const source = fromSettings.length ? 'http.noProxy' : envName ?? 'NO_PROXY';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const entry = entries.find((candidate) => noProxyEntryMatches(candidate, host, port));
  return entry === undefined ? undefined : { entry, source };
}

/**
 * curl's rule: `*` matches every host; `braze.com`, `.braze.com` and `*.braze.com` match braze.com and
 * every host under it; an IP address or CIDR range matches addresses in it; `host:port` only that port.
 */
export function noProxyEntryMatches(entry: string, host: string, port: number): boolean {
  let pattern = entry.trim().toLowerCase();
  if (pattern === '*') return true;
  let wantedPort: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(pattern);
  if (bracketed) {
    pattern = bracketed[1];
    wantedPort = bracketed[2] ? Number(bracketed[2]) : undefined;
  } else {
    // One colon is a port; more is an IPv6 address without brackets.
    const withPort = /^([^:]+):(\d+)$/.exec(pattern);
    if (withPort) {
      pattern = withPort[1];
      wantedPort = Number(withPort[2]);
    }
  }
  if (wantedPort !== undefined && wantedPort !== port) return false;
  if (net().isIP(host) && pattern.includes('/')) return inRange(host, pattern);
  const domain = pattern.replace(/^\*?\./, '');
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

function inRange(address: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = net().isIP(network) === 6 ? 'ipv6' : net().isIP(network) === 4 ? 'ipv4' : undefined;
  const prefix = Number(bits);
  if (!family || !Number.isInteger(prefix) || net().isIP(address) !== (family === 'ipv6' ? 6 : 4)) return false;
  const list = new (net().BlockList)();
  try {
    list.addSubnet(network, prefix, family);
  } catch {
    return false; // a prefix out of range is no range
  }
  return list.check(address, family);
}
