// The Braze instances (clusters) a workspace can live on, and the rules for a REST endpoint URL.
// This is the only module that knows Braze's host names.
import * as l10n from '@vscode/l10n';

export interface BrazeInstance {
  /** What Braze calls it, e.g. `US-03`. */
  readonly id: string;
  readonly restUrl: string;
  readonly dashboardUrl: string;
}

const usInstances = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
  id: `US-0${n}`,
  restUrl: `https://rest.iad-0${n}.braze.com`,
  dashboardUrl: `https://dashboard-0${n}.braze.com`,
}));
const euInstances = [1, 2].map((n) => ({
  id: `EU-0${n}`,
  restUrl: `https://rest.fra-0${n}.braze.eu`,
  dashboardUrl: `https://dashboard-0${n}.braze.eu`,
}));
const namedInstance = (id: string) => {
  const host = id.toLowerCase();
  return { id, restUrl: `https://rest.${host}.braze.com`, dashboardUrl: `https://dashboard.${host}.braze.com` };
};

/** Every public instance, in the order Braze lists them. There is no US-09. */
export const BRAZE_INSTANCES: readonly BrazeInstance[] = [
  ...usInstances,
  namedInstance('US-10'),
  ...euInstances,
  ...['AU-01', 'ID-01', 'JP-01', 'KR-01'].map(namedInstance),
];

export type EndpointCheck = { ok: true; endpoint: string } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Accepts `https://` on a Braze host (`*.braze.com`, `*.braze.eu`) and `http://` only on loopback, so the
 * key cannot be sent to an arbitrary server or in clear text over a network. Returns the endpoint
 * normalised to its origin (no path, no trailing slash), which is also the key's storage scope.
 */
export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (!text) return { ok: false, reason: l10n.t('The REST endpoint is empty.') };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: l10n.t('"{0}" is not a URL. It looks like https://rest.iad-01.braze.com.', text) };
  }
  if (url.username || url.password) return { ok: false, reason: l10n.t('The REST endpoint must not contain a user name or password.') };
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return { ok: false, reason: l10n.t('The REST endpoint is the server only, without a path: for example https://rest.iad-01.braze.com.') };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:') {
    if (isBrazeHost(host)) return { ok: true, endpoint: url.origin };
    return { ok: false, reason: l10n.t('{0} is not a Braze host. The REST endpoint must be on braze.com or braze.eu, so that your API key is only sent to Braze.', host) };
  }
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(host)) return { ok: true, endpoint: url.origin };
    return { ok: false, reason: l10n.t('Plain http:// is only allowed on this machine (127.0.0.1, localhost, [::1]) for local test servers. Braze endpoints use https://.') };
  }
  return { ok: false, reason: l10n.t('{0} URLs are not supported: use https://.', url.protocol.replace(':', '')) };
}

function isBrazeHost(host: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.braze\.(com|eu)$/.test(host);
}

/** The known instance of an endpoint, if it is one of Braze's public ones. */
function instanceOf(endpoint: string): BrazeInstance | undefined {
  const origin = originOf(endpoint);
  return BRAZE_INSTANCES.find((instance) => instance.restUrl === origin);
}

/** A short name for messages: `US-03`, or the host for a custom endpoint. */
export function instanceLabel(endpoint: string): string {
  return instanceOf(endpoint)?.id ?? hostOf(endpoint);
}

/**
 * The dashboard that goes with an endpoint. Custom `rest.X` hosts map to `dashboard.X`; a local test
 * server has no dashboard. Braze documents no deep link to one segment, so this is the instance's home.
 */
export function dashboardUrlFor(endpoint: string): string | undefined {
  const known = instanceOf(endpoint);
  if (known) return known.dashboardUrl;
  try {
    const url = new URL(endpoint);
    if (url.protocol === 'https:' && url.hostname.startsWith('rest.')) return `https://dashboard.${url.hostname.slice(5)}`;
  } catch {
    // not a URL: no dashboard
  }
  return undefined;
}

function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}
