// Braze: Test Connection, without the UI: every step support would ask about, in order, each with
// what was seen. The network steps come from the transport's probe (the route and certificates
// real requests use); then one real request per permission, with the stored key, over the same
// transport. A failed step skips the ones that depend on it, saying so.
import { BrazeClient, type RequestLogEntry } from './client';
import { type BrazeError, type BrazePermission, asBrazeError } from './errors';
import type { HttpTransport } from './http';
import { instanceLabel } from './instances';
import type { StepStatus } from './probe';
import { describeRoute, type Route } from './proxy';
import type { RetryPolicy } from './retry';

export interface ReportStep {
  name: string;
  status: StepStatus;
  detail: string;
}

export interface ConnectionReport {
  endpoint: string;
  steps: ReportStep[];
  /** No step failed (a missing permission or a low rate limit only warns). */
  ok: boolean;
  /** One sentence for the notification. */
  summary: string;
}

export interface ConnectionTestOptions {
  /** The checked REST endpoint (an origin). */
  endpoint: string;
  /** The stored key, if there is one. */
  key: string | undefined;
  transport: HttpTransport;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Each Braze request the test sends, as the client logs it. */
  onRequest?: (entry: RequestLogEntry) => void;
  retry?: Partial<RetryPolicy>;
}

/** An id that exists nowhere: "not found" proves a permission without reading any segment. */
const PROBE_ID = '00000000-0000-0000-0000-000000000000';

export async function runConnectionTest(options: ConnectionTestOptions): Promise<ConnectionReport> {
  const { endpoint, transport } = options;
  const steps: ReportStep[] = [{ name: 'Endpoint', status: 'ok', detail: `${endpoint} (${instanceLabel(endpoint)})` }];
  const { route, trust, result } = await transport.probe(endpoint, options.timeoutMs);
  steps.push({ name: 'Route', status: route.kind === 'unusable' ? 'fail' : 'ok', detail: describeRoute(route) });
  steps.push({
    name: 'Trusted certificates',
    status: trust.warnings.length ? 'warn' : 'ok',
    detail: [trust.description, ...trust.warnings].join('. '),
  });
  steps.push(...result.steps);
  const failed = steps.find((step) => step.status === 'fail');
  if (failed) {
    for (const name of ['HTTP', 'API key', 'Permissions', 'Rate limit']) steps.push({ name, status: 'skip', detail: `not tried: ${failed.name} failed` });
    return finish(endpoint, route, steps);
  }
  if (!options.key) {
    steps.push({ name: 'HTTP', status: 'ok', detail: await keylessRequest(options) });
    steps.push({ name: 'API key', status: 'fail', detail: 'none is stored for this endpoint: run Braze: Set API Key' });
    steps.push({ name: 'Permissions', status: 'skip', detail: 'not tried: no API key' }, { name: 'Rate limit', status: 'skip', detail: 'not tried: no API key' });
    return finish(endpoint, route, steps);
  }
  await keySteps(options, steps);
  return finish(endpoint, route, steps);
}

/** `[ok] Route: …` lines, then the summary: what the Braze log shows. */
export function reportLines(report: ConnectionReport): string[] {
  const mark: Record<StepStatus, string> = { ok: '[ok]  ', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };
  return [`Test Connection for ${report.endpoint}`, ...report.steps.map((step) => `${mark[step.status]} ${step.name}: ${step.detail}`), `Result: ${report.summary}`];
}

async function keySteps(options: ConnectionTestOptions, steps: ReportStep[]): Promise<void> {
  const entries: RequestLogEntry[] = [];
  const client = new BrazeClient({
    endpoint: options.endpoint,
    apiKey: options.key!,
    timeoutMs: options.timeoutMs,
    transport: options.transport,
    retry: options.retry,
    onRequest: (entry) => {
      entries.push(entry);
      options.onRequest?.(entry);
    },
  });
  // The user asked: these go even while a 429 holds.
  const request = { signal: options.signal, explicit: true };
  const listError = await outcome(client.listSegments(0, 'desc', request));
  const first = entries[0];
  const attempts = entries.length > 1 ? ` (after ${entries.length} attempts)` : '';
  if (first?.status === undefined && listError) {
    steps.push({ name: 'HTTP', status: 'fail', detail: `no answer${attempts}: ${listError.message}` });
    for (const name of ['API key', 'Permissions', 'Rate limit']) steps.push({ name, status: 'skip', detail: 'not tried: no HTTP answer' });
    return;
  }
  const last = entries[entries.length - 1];
  steps.push({
    name: 'HTTP',
    status: last.status !== undefined && last.status >= 500 ? 'fail' : 'ok',
    detail: `GET ${last.path} answered ${last.status} in ${last.durationMs} ms${attempts}`,
  });
  if (listError?.kind === 'invalid-key') {
    steps.push({ name: 'API key', status: 'fail', detail: 'Braze rejected it (401): check the key, that it belongs to this instance, and its IP allowlist' });
    steps.push({ name: 'Permissions', status: 'skip', detail: 'not tried: the key was rejected' });
  } else if (listError && listError.kind !== 'missing-permission') {
    steps.push({ name: 'API key', status: listError.kind === 'rate-limited' ? 'warn' : 'fail', detail: `could not be checked: ${listError.message}` });
    steps.push({ name: 'Permissions', status: 'skip', detail: 'not tried: the first request failed' });
  } else {
    steps.push({ name: 'API key', status: 'ok', detail: 'accepted' });
    const details = await outcome(client.getSegmentDetails(PROBE_ID, request));
    const series = await outcome(client.getDataSeries(PROBE_ID, 1, undefined, request));
    for (const [permission, error] of [
      ['segments.list', listError],
      ['segments.details', details],
      ['segments.data_series', series],
    ] as Array<[BrazePermission, BrazeError | undefined]>) {
      steps.push(permissionStep(permission, error));
    }
  }
  const rateLimit = client.rateLimit;
  if (rateLimit?.remaining === undefined) {
    steps.push({ name: 'Rate limit', status: 'skip', detail: 'Braze sent no x-ratelimit headers' });
  } else {
    const low = rateLimit.limit !== undefined && rateLimit.remaining < rateLimit.limit * 0.05;
    const of = rateLimit.limit === undefined ? '' : ` of ${rateLimit.limit.toLocaleString('en')}`;
    const reset = rateLimit.resetAt ? `, resets at ${rateLimit.resetAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}` : '';
    steps.push({ name: 'Rate limit', status: low ? 'warn' : 'ok', detail: `${rateLimit.remaining.toLocaleString('en')}${of} requests left this hour${reset} (shared with the whole Braze workspace)` });
  }
}

function permissionStep(permission: BrazePermission, error: BrazeError | undefined): ReportStep {
  const name = `Permission ${permission}`;
  if (!error || error.kind === 'not-found') return { name, status: 'ok', detail: 'granted' };
  if (error.kind === 'missing-permission') return { name, status: 'warn', detail: `missing (403): add it to the key in Braze (Settings > APIs and Identifiers)` };
  return { name, status: 'warn', detail: `not known: ${error.message}` };
}

/** Without a key, Braze's answer still shows that HTTP gets through (it answers 401). */
async function keylessRequest(options: ConnectionTestOptions): Promise<string> {
  const path = '/segments/list?page=0&sort_direction=desc';
  const started = performance.now();
  try {
    const response = await options.transport.get({ origin: options.endpoint, path, headers: { accept: 'application/json' }, signal: options.signal, timeoutMs: options.timeoutMs });
    return `GET ${path} without a key answered ${response.status} in ${Math.round(performance.now() - started)} ms`;
  } catch (error) {
    return `GET ${path} without a key got no answer: ${asBrazeError(error).message}`;
  }
}

function finish(endpoint: string, route: Route, steps: ReportStep[]): ConnectionReport {
  const failed = steps.find((step) => step.status === 'fail');
  const instance = instanceLabel(endpoint);
  const how = route.kind === 'proxy' ? `through the proxy ${route.proxy.display}` : 'directly';
  if (failed) return { endpoint, steps, ok: false, summary: `The connection to ${instance} failed at "${failed.name}": ${failed.detail.replace(/\.$/, '')}.` };
  const missing = steps.filter((step) => step.name.startsWith('Permission ') && step.status !== 'ok').map((step) => step.name.slice('Permission '.length));
  const rate = steps.find((step) => step.name === 'Rate limit' && step.status !== 'skip');
  const key = missing.length ? `the key works but lacks ${missing.join(', ')}` : 'the key can read segment details, lists and sizes';
  const left = rate ? /^[\d,]+(?: of [\d,]+)? requests left this hour/.exec(rate.detail)?.[0] : undefined;
  return { endpoint, steps, ok: true, summary: `Braze ${instance} answers ${how}: ${key}${left ? `; ${left}` : ''}.` };
}

async function outcome(promise: Promise<unknown>): Promise<BrazeError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return asBrazeError(error);
  }
}
