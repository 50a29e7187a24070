// Braze: Test Connection, without the UI: every step support would ask about, in order, each with
// what was seen. The network steps come from the transport's probe (the route and certificates
// real requests use); then one real request per permission, with the stored key, over the same
// transport. A failed step skips the ones that depend on it, saying so.
import * as l10n from '@vscode/l10n';
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
  /** For a permission's step: which one (the name is translated text). */
  permission?: BrazePermission;
  /** For the rate limit's step: "1,234 of 250,000 requests left this hour", for the summary. */
  requestsLeft?: string;
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
  const steps: ReportStep[] = [{ name: l10n.t('Endpoint'), status: 'ok', detail: `${endpoint} (${instanceLabel(endpoint)})` }];
  const { route, trust, result } = await transport.probe(endpoint, options.timeoutMs);
  steps.push({ name: l10n.t('Route'), status: route.kind === 'unusable' ? 'fail' : 'ok', detail: describeRoute(route) });
  steps.push({
    name: l10n.t('Trusted certificates'),
    status: trust.warnings.length ? 'warn' : 'ok',
    detail: [trust.description, ...trust.warnings].join('. '),
  });
  steps.push(...result.steps);
  const failed = steps.find((step) => step.status === 'fail');
  if (failed) {
    for (const name of ['HTTP', l10n.t('API key'), l10n.t('Permissions'), l10n.t('Rate limit')]) steps.push({ name, status: 'skip', detail: l10n.t('not tried: {0} failed', failed.name) });
    return finish(endpoint, route, steps);
  }
  if (!options.key) {
    steps.push({ name: 'HTTP', status: 'ok', detail: await keylessRequest(options) });
    steps.push({ name: l10n.t('API key'), status: 'fail', detail: l10n.t('none is stored for this endpoint: run Braze: Set API Key') });
    steps.push({ name: l10n.t('Permissions'), status: 'skip', detail: l10n.t('not tried: no API key') }, { name: l10n.t('Rate limit'), status: 'skip', detail: l10n.t('not tried: no API key') });
    return finish(endpoint, route, steps);
  }
  await keySteps(options, steps);
  return finish(endpoint, route, steps);
}

/** `[ok] Route: …` lines, then the summary: what the Braze log shows (in the user's language, as the summary is also a notification). */
export function reportLines(report: ConnectionReport): string[] {
  const mark: Record<StepStatus, string> = { ok: '[ok]  ', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };
  return [l10n.t('Test Connection for {0}', report.endpoint), ...report.steps.map((step) => `${mark[step.status]} ${step.name}: ${step.detail}`), l10n.t('Result: {0}', report.summary)];
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
  const attempts = entries.length > 1 ? l10n.t(' (after {0} attempts)', entries.length) : '';
  if (first?.status === undefined && listError) {
    steps.push({ name: 'HTTP', status: 'fail', detail: l10n.t('no answer{0}: {1}', attempts, listError.message) });
    for (const name of [l10n.t('API key'), l10n.t('Permissions'), l10n.t('Rate limit')]) steps.push({ name, status: 'skip', detail: l10n.t('not tried: no HTTP answer') });
    return;
  }
  const last = entries[entries.length - 1];
  steps.push({
    name: 'HTTP',
    status: last.status !== undefined && last.status >= 500 ? 'fail' : 'ok',
    detail: l10n.t('GET {0} answered {1} in {2} ms{3}', last.path, String(last.status), last.durationMs, attempts),
  });
  if (listError?.kind === 'invalid-key') {
    steps.push({ name: l10n.t('API key'), status: 'fail', detail: l10n.t('Braze rejected it (401): check the key, that it belongs to this instance, and its IP allowlist') });
    steps.push({ name: l10n.t('Permissions'), status: 'skip', detail: l10n.t('not tried: the key was rejected') });
  } else if (listError && listError.kind !== 'missing-permission') {
    steps.push({ name: l10n.t('API key'), status: listError.kind === 'rate-limited' ? 'warn' : 'fail', detail: l10n.t('could not be checked: {0}', listError.message) });
    steps.push({ name: l10n.t('Permissions'), status: 'skip', detail: l10n.t('not tried: the first request failed') });
  } else {
    steps.push({ name: l10n.t('API key'), status: 'ok', detail: l10n.t({ message: 'accepted', args: [], comment: ['The API key was accepted by Braze'] }) });
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
    steps.push({ name: l10n.t('Rate limit'), status: 'skip', detail: l10n.t('Braze sent no x-ratelimit headers') });
  } else {
    const low = rateLimit.limit !== undefined && rateLimit.remaining < rateLimit.limit * 0.05;
    const remaining = rateLimit.remaining.toLocaleString('en');
    const requestsLeft =
      rateLimit.limit === undefined ? l10n.t('{0} requests left this hour', remaining) : l10n.t('{0} of {1} requests left this hour', remaining, rateLimit.limit.toLocaleString('en'));
    const detail = rateLimit.resetAt
      ? l10n.t('{0}, resets at {1} (shared with the whole Braze workspace)', requestsLeft, rateLimit.resetAt.toISOString().replace(/\.\d{3}Z$/, 'Z'))
      : l10n.t('{0} (shared with the whole Braze workspace)', requestsLeft);
    steps.push({ name: l10n.t('Rate limit'), status: low ? 'warn' : 'ok', detail, requestsLeft });
  }
}

function permissionStep(permission: BrazePermission, error: BrazeError | undefined): ReportStep {
  const name = l10n.t('Permission {0}', permission);
  if (!error || error.kind === 'not-found') return { name, permission, status: 'ok', detail: l10n.t({ message: 'granted', args: [], comment: ['The API key has this permission'] }) };
  if (error.kind === 'missing-permission') return { name, permission, status: 'warn', detail: l10n.t('missing (403): add it to the key in Braze (Settings > APIs and Identifiers)') };
  return { name, permission, status: 'warn', detail: l10n.t('not known: {0}', error.message) };
}

/** Without a key, Braze's answer still shows that HTTP gets through (it answers 401). */
async function keylessRequest(options: ConnectionTestOptions): Promise<string> {
  const path = '/segments/list?page=0&sort_direction=desc';
  const started = performance.now();
  try {
    const response = await options.transport.get({ origin: options.endpoint, path, headers: { accept: 'application/json' }, signal: options.signal, timeoutMs: options.timeoutMs });
    return l10n.t('GET {0} without a key answered {1} in {2} ms', path, response.status, Math.round(performance.now() - started));
  } catch (error) {
    return l10n.t('GET {0} without a key got no answer: {1}', path, asBrazeError(error).message);
  }
}

function finish(endpoint: string, route: Route, steps: ReportStep[]): ConnectionReport {
  const failed = steps.find((step) => step.status === 'fail');
  const instance = instanceLabel(endpoint);
  if (failed) return { endpoint, steps, ok: false, summary: l10n.t('The connection to {0} failed at "{1}": {2}.', instance, failed.name, failed.detail.replace(/\.$/, '')) };
  const missing = steps.filter((step) => step.permission !== undefined && step.status !== 'ok').map((step) => step.permission);
  const left = steps.find((step) => step.requestsLeft !== undefined)?.requestsLeft;
  const key = missing.length ? l10n.t('the key works but lacks {0}', missing.join(', ')) : l10n.t('the key can read segment details, lists and sizes');
  const answers =
    route.kind === 'proxy' ? l10n.t('Braze {0} answers through the proxy {1}: {2}', instance, route.proxy.display, key) : l10n.t('Braze {0} answers directly: {1}', instance, key);
  return { endpoint, steps, ok: true, summary: left ? l10n.t('{0}; {1}.', answers, left) : l10n.t('{0}.', answers) };
}

async function outcome(promise: Promise<unknown>): Promise<BrazeError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return asBrazeError(error);
  }
}
