// A client for the three Braze segment endpoints. It validates ids before sending, validates every
// answer against the documented shape, turns every failure into a typed BrazeError, and remembers the
// rate limit so that it sends nothing while Braze has said 429.
import type * as z from 'zod/mini';
import { BrazeError, type BrazePermission, isBrazeError } from './errors';
import { httpGet, type HttpResponse } from './http';
import type { SegmentDetails, SegmentSizePoint, SegmentSummary, SortDirection } from './model';
import { readRateLimit, type RateLimit } from './rateLimit';
import { schemas } from './schemas';
import { segmentIdProblem } from './segmentId';

export interface RequestLogEntry {
  method: 'GET';
  /** Path and query; never headers, so never the key. */
  path: string;
  status?: number;
  durationMs: number;
  rateLimit?: RateLimit;
  error?: BrazeError;
}

export interface BrazeClientOptions {
  /** The REST endpoint's origin, as returned by `checkEndpoint`. */
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  /** Called once per request that was sent, with its outcome. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called whenever a response carries rate-limit headers. */
  onRateLimit?: (rateLimit: RateLimit) => void;
}

const MAX_SERVER_MESSAGE = 200;

export class BrazeClient {
  private blockedUntil: Date | undefined;
  private lastRateLimit: RateLimit | undefined;

  constructor(private readonly options: BrazeClientOptions) {}

  get endpoint(): string {
    return this.options.endpoint;
  }

  /** The rate limit Braze last reported for this key. */
  get rateLimit(): RateLimit | undefined {
    return this.lastRateLimit;
  }

  async getSegmentDetails(id: string, signal?: AbortSignal): Promise<SegmentDetails> {
    assertValidId(id);
    const body = await this.get('/segments/details', { segment_id: id }, 'segments.details', schemas().segmentDetails, signal, id);
    return {
      id,
      name: body.name ?? undefined,
      description: body.description ?? undefined,
      textDescription: body.text_description ?? undefined,
      tags: body.tags ?? [],
      teams: body.teams ?? [],
      createdAt: body.created_at ?? undefined,
      updatedAt: body.updated_at ?? undefined,
    };
  }

  /** One page (from 0) of up to 100 segments, sorted by creation time. */
  async listSegments(page: number, direction: SortDirection, signal?: AbortSignal): Promise<SegmentSummary[]> {
    if (!Number.isInteger(page) || page < 0) throw new BrazeError('bad-request', `Invalid page number ${page}.`);
    const body = await this.get('/segments/list', { page: String(page), sort_direction: direction }, 'segments.list', schemas().segmentList, signal);
    return body.segments.map((segment) => ({
      id: segment.id,
      name: segment.name ?? undefined,
      analyticsTrackingEnabled: segment.analytics_tracking_enabled ?? undefined,
      tags: segment.tags ?? [],
    }));
  }

  /** The estimated daily size over `length` days (1..100) ending at `endingAt` (default now). */
  async getDataSeries(id: string, length: number, endingAt?: Date, signal?: AbortSignal): Promise<SegmentSizePoint[]> {
    assertValidId(id);
    if (!Number.isInteger(length) || length < 1 || length > 100) {
      throw new BrazeError('bad-request', `The length of a data series is 1 to 100 days, not ${length}.`);
    }
    const query: Record<string, string> = { segment_id: id, length: String(length) };
    if (endingAt) query.ending_at = endingAt.toISOString();
    const body = await this.get('/segments/data_series', query, 'segments.data_series', schemas().dataSeries, signal, id);
    return body.data.map((point) => ({ time: point.time, size: point.size }));
  }

  private async get<T extends { message: string }>(
    pathname: string,
    query: Record<string, string>,
    permission: BrazePermission,
    schema: z.ZodMiniType<T>,
    signal: AbortSignal | undefined,
    segmentId?: string,
  ): Promise<T> {
    this.refuseWhileRateLimited();
    const path = `${pathname}?${new URLSearchParams(query).toString()}`;
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: HttpResponse | undefined;
    try {
      response = await httpGet({
        origin: this.options.endpoint,
        path,
        headers: { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' },
        signal: combined,
      });
      const rateLimit = this.noteRateLimit(response);
      const body = this.interpret(response, permission, schema, segmentId, rateLimit);
      this.log(path, started, response, rateLimit);
      return body;
    } catch (thrown) {
      const error = this.toBrazeError(thrown, signal, timeout);
      this.log(path, started, response, this.lastRateLimit, error);
      throw error;
    }
  }

  private interpret<T extends { message: string }>(
    response: HttpResponse,
    permission: BrazePermission,
    schema: z.ZodMiniType<T>,
    segmentId: string | undefined,
    rateLimit: RateLimit | undefined,
  ): T {
    const { status } = response;
    if (status >= 200 && status < 300) {
      const json = parseJson(response.body);
      if (json === undefined) throw new BrazeError('invalid-response', `Braze answered ${status} with a body that is not JSON.`, { status });
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path.join('.') || 'body';
        throw new BrazeError('invalid-response', `Braze answered with an unexpected "${field}".`, { status, field });
      }
      if (parsed.data.message !== 'success') {
        const serverMessage = shorten(parsed.data.message);
        if (segmentId && looksLikeNotFound(serverMessage)) throw notFound(segmentId, status, serverMessage);
        throw new BrazeError('invalid-response', `Braze answered "${serverMessage}" instead of success.`, { status, field: 'message', serverMessage });
      }
      return parsed.data;
    }
    const serverMessage = messageOf(response.body);
    if (status === 401) throw new BrazeError('invalid-key', 'Braze rejected the API key (401).', { status, serverMessage });
    if (status === 403) throw new BrazeError('missing-permission', `The API key lacks the ${permission} permission (403).`, { status, permission, serverMessage });
    if (status === 429) {
      const resetAt = rateLimit?.resetAt ?? new Date(Date.now() + 60_000);
      this.blockedUntil = resetAt;
      throw new BrazeError('rate-limited', `Braze rate limit reached until ${resetAt.toISOString()} (429).`, { status, resetAt, serverMessage });
    }
    if (status >= 500) throw new BrazeError('server', `Braze answered ${status}.`, { status, serverMessage });
    if (segmentId && (status === 404 || status === 400) && serverMessage !== undefined && looksLikeNotFound(serverMessage)) {
      throw notFound(segmentId, status, serverMessage);
    }
    throw new BrazeError('bad-request', `Braze answered ${status}${serverMessage ? `: ${serverMessage}` : ''}.`, { status, serverMessage });
  }

  private refuseWhileRateLimited(): void {
    if (!this.blockedUntil) return;
    if (Date.now() < this.blockedUntil.getTime()) {
      throw new BrazeError('rate-limited', `Braze rate limit reached until ${this.blockedUntil.toISOString()}; not sent.`, { resetAt: this.blockedUntil });
    }
    this.blockedUntil = undefined;
  }

  private noteRateLimit(response: HttpResponse): RateLimit | undefined {
    const rateLimit = readRateLimit(response.headers);
    if (rateLimit) {
      this.lastRateLimit = rateLimit;
      this.options.onRateLimit?.(rateLimit);
    }
    return rateLimit;
  }

  private toBrazeError(thrown: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): BrazeError {
    if (isBrazeError(thrown)) return thrown;
    if (callerSignal?.aborted) return new BrazeError('aborted', 'The request was cancelled.');
    if (timeout.aborted) {
      return new BrazeError('timeout', `Braze did not answer within ${Math.round(this.options.timeoutMs / 1000)} s.`);
    }
    return new BrazeError('network', `Could not reach ${this.options.endpoint}: ${networkReason(thrown)}.`);
  }

  private log(path: string, started: number, response: HttpResponse | undefined, rateLimit: RateLimit | undefined, error?: BrazeError): void {
    if (error?.kind === 'rate-limited' && !response) return; // refused locally: nothing was sent
    this.options.onRequest?.({
      method: 'GET',
      path,
      status: response?.status,
      durationMs: Math.round(performance.now() - started),
      rateLimit,
      error,
    });
  }
}

function assertValidId(id: string): void {
  const problem = segmentIdProblem(id);
  if (problem) throw new BrazeError('invalid-id', problem);
}

function notFound(segmentId: string, status: number, serverMessage: string): BrazeError {
  return new BrazeError('not-found', `No segment with id ${segmentId}.`, { status, serverMessage });
}

// The docs do not say how Braze answers an unknown segment_id; this is the one place that decides.
function looksLikeNotFound(message: string): boolean {
  return /not found|no such|invalid segment|segment_id|does not exist|unknown segment/i.test(message);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function messageOf(body: string): string | undefined {
  const parsed = schemas().errorBody.safeParse(parseJson(body));
  return parsed.success && parsed.data.message ? shorten(parsed.data.message) : undefined;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SERVER_MESSAGE ? `${flat.slice(0, MAX_SERVER_MESSAGE - 1)}…` : flat;
}

function networkReason(thrown: unknown): string {
  const error = thrown as { code?: string; cause?: { code?: string }; message?: string };
  const code = error?.code ?? error?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed';
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'the TLS certificate was not accepted';
    default:
      return code ?? error?.message ?? 'unknown error';
  }
}
