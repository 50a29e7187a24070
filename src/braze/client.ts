// A client for the three Braze segment endpoints. It validates ids before sending, validates every
// answer against the documented shape, turns every failure into a typed BrazeError, and remembers the
// rate limit so that it sends nothing while Braze has said 429. Everything read is bounded
// (INGEST_LIMITS) and scrubbed of the key before it is kept, shortened or shown.
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { apiKeyProblem } from './apiKey';
import { BrazeError, type BrazePermission, isBrazeError, internalError } from './errors';
import type { HttpResponse, HttpTransport } from './http';
import type { SegmentDetails, SegmentSizePoint, SegmentSummary, SortDirection } from './model';
import { backgroundPausedUntil, blockedUntil, readRateLimit, type RateLimit } from './rateLimit';
import { DEFAULT_RETRY_POLICY, RetrySchedule, type RetryPolicy } from './retry';
import { schemas } from './schemas';
import { segmentIdProblem } from './segmentId';
import { INGEST_LIMITS, boundedList, flatten, redactSecrets, truncate } from './untrusted';

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
  /** Read once, into a private field: the options object never keeps it. */
  apiKey: string;
  timeoutMs: number;
  transport: HttpTransport;
  /** Called once per request that was sent (or given up unsent), with its outcome. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called whenever a response carries rate-limit headers. */
  onRateLimit?: (rateLimit: RateLimit) => void;
  /** How failed GETs are retried (default: 2 retries, backoff from 500 ms with full jitter). */
  retry?: Partial<RetryPolicy>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * The user asked for this one (Retry, Refresh): it is sent even while a 429 holds, once; its
   * answer settles whether the block still holds.
   */
  explicit?: boolean;
  /**
   * Nobody is waiting on it (a stale refresh, a prefetch, an automatic reload): it is not sent while
   * the workspace's rate limit is nearly used up, which the team's own jobs share.
   */
  background?: boolean;
}


export class BrazeClient {
  // True private fields: no other code in the extension host can read them, whatever it walks.
  readonly #authorization: string;
  readonly #secrets: readonly string[];
  readonly #keyProblem: string | undefined;
  readonly #options: Omit<BrazeClientOptions, 'apiKey'>;
  /** Sent with every request: one object for all of them (the transport only reads it). */
  readonly #headers: Record<string, string>;
  readonly #retryPolicy: RetryPolicy;
  #blockedUntil: Date | undefined;
  #lastRateLimit: RateLimit | undefined;

  constructor(options: BrazeClientOptions) {
    const { apiKey, ...rest } = options;
    this.#options = rest;
    this.#authorization = `Bearer ${apiKey}`;
    this.#headers = { authorization: this.#authorization, accept: 'application/json' };
    this.#retryPolicy = { ...DEFAULT_RETRY_POLICY, ...rest.retry };
    this.#secrets = [apiKey];
    this.#keyProblem = apiKeyProblem(apiKey);
  }

  get endpoint(): string {
    return this.#options.endpoint;
  }

  /** The rate limit Braze last reported for this key. */
  get rateLimit(): RateLimit | undefined {
    return this.#lastRateLimit;
  }

  /** Until when requests are refused after a 429 (at most an hour ahead), if one holds. */
  get blockedUntil(): Date | undefined {
    return this.#blockedUntil && Date.now() < this.#blockedUntil.getTime() ? this.#blockedUntil : undefined;
  }

  /**
   * Until when background requests are paused because less than 5% of the rate limit is left, if
   * they are (the window's reset, as Braze reported it).
   */
  get backgroundPausedUntil(): Date | undefined {
    return backgroundPausedUntil(this.#lastRateLimit);
  }

  /** `text` with this client's key and anything credential-shaped taken out. */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }

  async getSegmentDetails(id: string, options: RequestOptions = {}): Promise<SegmentDetails> {
    assertValidId(id);
    const body = await this.get('/segments/details', { segment_id: id }, 'segments.details', schemas().segmentDetails, options, id);
    const tags = boundedList(body.tags ?? []);
    const teams = boundedList(body.teams ?? []);
    return {
      id,
      name: this.text(body.name, INGEST_LIMITS.name),
      description: this.text(body.description, INGEST_LIMITS.description),
      textDescription: this.text(body.text_description, INGEST_LIMITS.description),
      tags: tags.items.map((tag) => this.redact(tag)),
      teams: teams.items.map((team) => this.redact(team)),
      ...(tags.omitted ? { tagsOmitted: tags.omitted } : {}),
      ...(teams.omitted ? { teamsOmitted: teams.omitted } : {}),
      createdAt: this.text(body.created_at, 100),
      updatedAt: this.text(body.updated_at, 100),
    };
  }

  /** One page (from 0) of up to 100 segments, sorted by creation time. */
  async listSegments(page: number, direction: SortDirection, options: RequestOptions = {}): Promise<SegmentSummary[]> {
    if (!Number.isInteger(page) || page < 0) throw new BrazeError('bad-request', `Invalid page number ${page}.`);
    const body = await this.get('/segments/list', { page: String(page), sort_direction: direction }, 'segments.list', schemas().segmentList, options);
    const rows: SegmentSummary[] = [];
    for (const segment of body.segments.slice(0, INGEST_LIMITS.pageRows)) {
      if (segmentIdProblem(segment.id)) continue; // not an id Braze could have made: nothing to show or look up
      const tags = boundedList(segment.tags ?? []);
      rows.push({
        id: segment.id,
        name: this.text(segment.name, INGEST_LIMITS.name),
        analyticsTrackingEnabled: segment.analytics_tracking_enabled ?? undefined,
        tags: tags.items.map((tag) => this.redact(tag)),
        ...(tags.omitted ? { tagsOmitted: tags.omitted } : {}),
      });
    }
    return rows;
  }

  /** The estimated daily size over `length` days (1..100) ending at `endingAt` (default now). */
  async getDataSeries(id: string, length: number, endingAt?: Date, options: RequestOptions = {}): Promise<SegmentSizePoint[]> {
    assertValidId(id);
    if (!Number.isInteger(length) || length < 1 || length > 100) {
      throw new BrazeError('bad-request', `The length of a data series is 1 to 100 days, not ${length}.`);
    }
    const query: Record<string, string> = { segment_id: id, length: String(length) };
    if (endingAt) query.ending_at = endingAt.toISOString();
    const body = await this.get('/segments/data_series', query, 'segments.data_series', schemas().dataSeries, options, id);
    return body.data.slice(0, INGEST_LIMITS.seriesPoints).map((point) => ({ time: truncate(point.time, 100), size: point.size }));
  }

  /** An optional text field as kept: scrubbed of the key, then cut to `max`. */
  private text(value: string | null | undefined, max: number): string | undefined {
    return value == null ? undefined : truncate(this.redact(value), max);
  }

  private async get<T extends { message: string }>(
    pathname: string,
    query: Record<string, string>,
    permission: BrazePermission,
    schema: z.ZodMiniType<T>,
    options: RequestOptions,
    segmentId?: string,
  ): Promise<T> {
    if (this.#keyProblem) {
      throw new BrazeError('invalid-key', l10n.t('The stored API key cannot be sent: {0} Set the key again.', this.#keyProblem));
    }
    this.refuseWhileRateLimited(options);
    const path = `${pathname}?${queryString(query)}`;
    // A 5xx, a reset or a connect timeout is tried again (retry.ts), within the caller's timeout.
    const retries = new RetrySchedule(this.#retryPolicy, this.#options.timeoutMs, options.signal);
    for (;;) {
      const started = performance.now();
      let response: HttpResponse | undefined;
      try {
        response = await this.#options.transport.get({
          origin: this.#options.endpoint,
          path,
          headers: this.#headers,
          signal: options.signal,
          timeoutMs: retries.attemptTimeoutMs(),
        });
        const rateLimit = this.noteRateLimit(response);
        const body = this.interpret(response, permission, schema, segmentId, rateLimit);
        this.#blockedUntil = undefined; // Braze answered: whatever held, it no longer does
        this.log(path, started, response, rateLimit);
        return body;
      } catch (thrown) {
        const error = isBrazeError(thrown) ? thrown : internalError(thrown);
        const delay = retries.next(error, response?.headers);
        // Each attempt is logged; one that is tried again says so, and when.
        this.log(path, started, response, this.#lastRateLimit, delay === undefined ? retries.final(error) : retries.note(error, delay));
        if (delay === undefined) throw retries.final(error);
        await retries.wait(delay);
      }
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
        const serverMessage = this.serverText(parsed.data.message);
        if (segmentId && looksLikeNotFound(serverMessage)) throw notFound(segmentId, status, serverMessage);
        throw new BrazeError('invalid-response', `Braze answered "${serverMessage}" instead of success.`, { status, field: 'message', serverMessage });
      }
      return parsed.data;
    }
    const serverMessage = this.messageOf(response.body);
    // eslint-disable-next-line no-restricted-syntax -- never shown: errorText words a 401 itself
    if (status === 401) throw new BrazeError('invalid-key', 'Braze rejected the API key (401).', { status, serverMessage });
    if (status === 403) throw new BrazeError('missing-permission', `The API key lacks the ${permission} permission (403).`, { status, permission, serverMessage });
    if (status === 429) {
      const resetAt = blockedUntil(response.headers, rateLimit);
      this.#blockedUntil = resetAt;
      throw new BrazeError('rate-limited', `Braze rate limit reached until ${resetAt.toISOString()} (429).`, { status, resetAt, serverMessage });
    }
    if (status >= 500) throw new BrazeError('server', `Braze answered ${status}.`, { status, serverMessage });
    if (segmentId && (status === 404 || status === 400) && serverMessage !== undefined && looksLikeNotFound(serverMessage)) {
      throw notFound(segmentId, status, serverMessage);
    }
    throw new BrazeError('bad-request', `Braze answered ${status}${serverMessage ? `: ${serverMessage}` : ''}.`, { status, serverMessage });
  }

  private refuseWhileRateLimited(options: RequestOptions): void {
    const until = this.blockedUntil;
    if (until && !options.explicit) throw new BrazeError('rate-limited', `Braze rate limit reached until ${until.toISOString()}; not sent.`, { resetAt: until });
    const paused = options.background ? this.backgroundPausedUntil : undefined;
    if (paused) {
      throw new BrazeError('rate-limited', `Background request paused until ${paused.toISOString()}: less than 5% of the rate limit is left.`, { resetAt: paused, paused: true });
    }
  }

  private noteRateLimit(response: HttpResponse): RateLimit | undefined {
    const rateLimit = readRateLimit(response.headers);
    if (rateLimit) {
      this.#lastRateLimit = rateLimit;
      this.#options.onRateLimit?.(rateLimit);
    }
    return rateLimit;
  }

  /** Braze's own words, for the log: the key taken out first, then flattened and shortened. */
  private serverText(text: string): string {
    return truncate(flatten(this.redact(text)), INGEST_LIMITS.serverMessage);
  }

  private messageOf(body: string): string | undefined {
    const parsed = schemas().errorBody.safeParse(parseJson(body));
    return parsed.success && parsed.data.message ? this.serverText(parsed.data.message) : undefined;
  }

  private log(path: string, started: number, response: HttpResponse | undefined, rateLimit: RateLimit | undefined, error?: BrazeError): void {
    if (error?.kind === 'rate-limited' && !response) return; // refused locally: nothing was sent
    this.#options.onRequest?.({
      method: 'GET',
      path,
      status: response?.status,
      durationMs: Math.round(performance.now() - started),
      rateLimit,
      error,
    });
  }
}

/** `query` as application/x-www-form-urlencoded, as URLSearchParams writes it. */
function queryString(query: Record<string, string>): string {
  let text = '';
  for (const name in query) text += `${text ? '&' : ''}${formEncode(name)}=${formEncode(query[name])}`;
  return text;
}

function formEncode(text: string): string {
  // URLSearchParams leaves * - . _ alone and writes a space as +; encodeURIComponent also leaves ! ' ( ) ~.
  return /^[\w.-]*$/.test(text) ? text : encodeURIComponent(text).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
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
