// The network half of Test Connection, one step at a time, over the same route and with the same
// certificates as real requests: name resolution, the TCP connection (to Braze, or to the proxy),
// the proxy's CONNECT tunnel, and the TLS handshake with the certificate seen. The tunnel is opened
// by undici's own CONNECT (Client#connect); the handshake accepts any certificate so that it can
// report who issued it, and sends nothing over it. Also used to name the issuer when a request's
// certificate is refused.
import * as l10n from '@vscode/l10n';
import type * as Dns from 'node:dns/promises';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import { lazy } from '../common/lazy';
import type { ProxyDecision } from './proxy';
import type { CertificateSeen } from './transportErrors';

// Loaded when a probe runs (Test Connection, or a certificate to describe), not at activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns = lazy(() => require('node:dns/promises') as typeof Dns);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = lazy(() => require('node:net') as typeof Net);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = lazy(() => require('node:tls') as typeof Tls);

export interface ProbeTarget {
  origin: string;
  decision: ProxyDecision;
  /** The TLS options of real requests (CA list, rejectUnauthorized). */
  tls: Tls.ConnectionOptions;
}

export type StepStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface ProbeStep {
  /** Name resolution, Connection, Proxy tunnel, TLS: translated. */
  name: string;
  status: StepStatus;
  detail: string;
}

export interface TlsSeen extends CertificateSeen {
  protocol: string;
  authorized: boolean;
  authorizationError?: string;
  /** The top of the chain the server sent, when it is not the leaf's issuer. */
  chainTop?: string;
}

export interface ProbeResult {
  steps: ProbeStep[];
  /** False when a step failed: the request step would fail the same way. */
  ok: boolean;
  tls?: TlsSeen;
}

export async function probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const steps: ProbeStep[] = [];
  const done = (tlsSeen?: TlsSeen): ProbeResult => ({ steps, ok: !steps.some((s) => s.status === 'fail'), tls: tlsSeen });
  const url = new URL(target.origin);
  const connection = target.decision.connection;
  const first = connection ? new URL(connection.uri) : url; // where the TCP connection goes
  const firstPort = port(first);

  steps.push(await resolveStep(first.hostname, connection !== undefined, timeoutMs));
  if (steps[0].status === 'fail') return done();

  const started = performance.now();
  try {
    const socket = await tcpConnect(first.hostname, firstPort, timeoutMs);
    socket.destroy();
    const detail = connection
      ? l10n.t('connected to the proxy {0} in {1} ms', first.host, elapsed(started))
      : l10n.t('connected to {0} port {1} in {2} ms', url.hostname, port(url), elapsed(started));
    steps.push({ name: l10n.t('Connection'), status: 'ok', detail });
  } catch (error) {
    const detail = connection
      ? l10n.t('could not connect to the proxy {0}: {1}', first.host, reason(error))
      : l10n.t('could not connect to {0} port {1}: {2}', url.hostname, port(url), reason(error));
    steps.push({ name: l10n.t('Connection'), status: 'fail', detail });
    return done();
  }

  if (url.protocol !== 'https:') {
    if (connection) steps.push({ name: l10n.t('Proxy tunnel'), status: 'skip', detail: l10n.t('not needed: http:// requests go to the proxy as absolute URLs') });
    steps.push({ name: 'TLS', status: 'skip', detail: l10n.t('not used: the endpoint is http://') });
    return done();
  }

  let socket: Net.Socket | undefined;
  try {
    if (connection) {
      const tunnel = await openTunnel(target, url, timeoutMs);
      if (tunnel.statusCode !== 200) {
        tunnel.socket.destroy();
        const answered = `CONNECT ${url.hostname}:${port(url)}`;
        const detail =
          tunnel.statusCode !== 407
            ? l10n.t('{0} answered {1}', answered, tunnel.statusCode)
            : connection.token
              ? l10n.t('{0} answered {1}: it did not accept the credentials', answered, tunnel.statusCode)
              : l10n.t('{0} answered {1}: it asks for credentials', answered, tunnel.statusCode);
        steps.push({ name: l10n.t('Proxy tunnel'), status: 'fail', detail });
        return done();
      }
      steps.push({ name: l10n.t('Proxy tunnel'), status: 'ok', detail: l10n.t('CONNECT {0} answered 200: the proxy reached Braze', `${url.hostname}:${port(url)}`) });
      socket = tunnel.socket;
    }
    const seen = await handshake(target, url, socket, timeoutMs);
    steps.push(tlsStep(seen, url.hostname, target.tls.rejectUnauthorized !== false));
    return done(seen);
  } catch (error) {
    const tunnelFailed = steps.length === 2 && connection;
    steps.push(
      tunnelFailed
        ? { name: l10n.t('Proxy tunnel'), status: 'fail', detail: l10n.t('the tunnel could not be opened: {0}', reason(error)) }
        : { name: 'TLS', status: 'fail', detail: l10n.t('the handshake failed: {0}', reason(error)) },
    );
    return done();
  } finally {
    socket?.destroy();
  }
}

/** The certificate `target` presents over the route requests take, or undefined if it cannot be seen. */
export async function peekCertificate(target: ProbeTarget, timeoutMs: number): Promise<TlsSeen | undefined> {
  const url = new URL(target.origin);
  let socket: Net.Socket | undefined;
  try {
    if (target.decision.connection) {
      const tunnel = await openTunnel(target, url, timeoutMs);
      socket = tunnel.socket;
      if (tunnel.statusCode !== 200) return undefined;
    }
    return await handshake(target, url, socket, timeoutMs);
  } catch {
    return undefined;
  } finally {
    socket?.destroy();
  }
}

async function resolveStep(host: string, viaProxy: boolean, timeoutMs: number): Promise<ProbeStep> {
  const bare = host.replace(/^\[|\]$/g, '');
  const name = l10n.t('Name resolution');
  const note = viaProxy ? l10n.t(" (the proxy's name; the proxy resolves Braze's)") : '';
  if (net().isIP(bare)) return { name, status: 'ok', detail: l10n.t('{0} is an address: nothing to resolve{1}', bare, note) };
  const started = performance.now();
  try {
    const addresses = await withTimeout(dns().lookup(bare, { all: true }), timeoutMs, l10n.t('no answer in time'));
    return { name, status: 'ok', detail: l10n.t('{0} → {1} in {2} ms{3}', bare, addresses.map((a) => a.address).join(', '), elapsed(started), note) };
  } catch (error) {
    return { name, status: 'fail', detail: l10n.t('{0} could not be resolved{1}: {2}', bare, note, reason(error)) };
  }
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net().connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(l10n.t('no connection in time')), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A CONNECT tunnel to `url` through the target's proxy, opened by undici (any status is returned). */
async function openTunnel(target: ProbeTarget, url: URL, timeoutMs: number): Promise<{ statusCode: number; socket: Net.Socket }> {
  const connection = target.decision.connection!;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('undici') as typeof import('undici');
  const client = new Client(connection.uri, { connect: { ...target.tls, timeout: timeoutMs } });
  try {
    const authority = `${url.hostname}:${port(url)}`;
    const { statusCode, socket } = await client.connect({
      path: authority,
      headers: { host: authority, ...(connection.token ? { 'proxy-authorization': connection.token } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { statusCode, socket: socket as Net.Socket };
  } finally {
    void client.close().catch(() => undefined); // the tunnel's socket is ours now; the client is done
  }
}

function handshake(target: ProbeTarget, url: URL, socket: Net.Socket | undefined, timeoutMs: number): Promise<TlsSeen> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const secure = tls().connect({
      ...target.tls,
      // Accept any certificate here: this handshake only looks at it, and nothing is sent over it.
      rejectUnauthorized: false,
      ...(socket ? { socket } : { host, port: port(url) }),
      servername: net().isIP(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(Object.assign(new Error(l10n.t('no TLS handshake in time')), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      const seen = describeCertificate(secure);
      secure.destroy();
      resolve(seen);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function describeCertificate(socket: Tls.TLSSocket): TlsSeen {
  const leaf = socket.getPeerCertificate(true);
  let top: Tls.DetailedPeerCertificate = leaf;
  for (let depth = 0; depth < 10 && top.issuerCertificate && top.issuerCertificate !== top; depth++) top = top.issuerCertificate;
  const issuer = nameOf(leaf.issuer);
  const topName = nameOf(top === leaf ? leaf.issuer : top.issuer);
  const names = (leaf.subjectaltname ?? '')
    .split(/,\s*/)
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  return {
    protocol: socket.getProtocol() ?? 'TLS',
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
    issuer,
    names: names.length ? names : leaf.subject?.CN ? [String(leaf.subject.CN)] : [],
    validTo: leaf.valid_to,
    ...(topName !== issuer ? { chainTop: topName } : {}),
  };
}

function tlsStep(seen: TlsSeen, host: string, strict: boolean): ProbeStep {
  const names = seen.names.slice(0, 3).join(', ') || host;
  const validTo = seen.validTo ?? '?';
  const certificate = seen.chainTop
    ? l10n.t('{0}, certificate for {1} issued by "{2}", chain up to "{3}", valid until {4}', seen.protocol, names, seen.issuer, seen.chainTop, validTo)
    : l10n.t('{0}, certificate for {1} issued by "{2}", valid until {3}', seen.protocol, names, seen.issuer, validTo);
  const error = seen.authorizationError ?? 'undefined';
  if (seen.authorized) return { name: 'TLS', status: 'ok', detail: l10n.t('{0}: trusted', certificate) };
  if (!strict) return { name: 'TLS', status: 'warn', detail: l10n.t('{0}: NOT trusted ({1}), accepted only because http.proxyStrictSSL is false', certificate, error) };
  const fix = /ALTNAME|HOSTNAME/.test(seen.authorizationError ?? '')
    ? l10n.t('the certificate is for another name')
    : /EXPIRED|NOT_YET_VALID/.test(seen.authorizationError ?? '')
      ? l10n.t("check this computer's clock")
      : l10n.t('if your company inspects TLS, add its root CA to the OS store (http.systemCertificates) or to NODE_EXTRA_CA_CERTS');
  return { name: 'TLS', status: 'fail', detail: l10n.t('{0}: not trusted ({1}); {2}', certificate, error, fix) };
}

function nameOf(subject: Tls.Certificate | undefined): string {
  if (!subject) return 'unknown';
  const parts = [subject.CN, subject.O].flat().filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length ? [...new Set(parts)].join(', ') : 'unknown';
}

function port(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function reason(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code && message && !message.includes(code) ? `${message} (${code})` : (message ?? code ?? String(error));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
