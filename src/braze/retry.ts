// When a failed GET is sent again. Braze's docs say to retry 5xx with exponential backoff; a
// connection reset or a connect timeout is as passing. Nothing else is retried: another 4xx will
// answer the same, a 429 has its own block (client.ts), and a request timeout has used up the time the
// caller gave. Only GETs come through here: they change nothing, so sending one twice is harmless.
import * as l10n from '@vscode/l10n';
import { BrazeError } from './errors';
import { headerValue, type HeaderBag } from './rateLimit';

export interface RetryPolicy {
  /** Retries after the first attempt (so attempts = retries + 1). */
  retries: number;
  /** The first backoff window; it doubles each retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1): "full jitter" waits random() × the window, so clients spread out. */
  random: () => number;
  /** Waits `ms`, or rejects as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  random: Math.random,
  sleep: abortableSleep,
};

/** Errors that may pass by themselves: 5xx, a connection closed under us, a connection not made in time. */
export function isRetryable(error: BrazeError): boolean {
  if (error.kind === 'server') return true;
  return (error.kind === 'network' || error.kind === 'proxy') && error.code !== undefined && RETRYABLE_CODES.has(error.code);
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** The wait before retry number `retry` (from 1): uniformly random in [0, min(max, base × 2^(retry-1))). */
export function backoffMs(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * window);
}

/** `Retry-After` in milliseconds from `now`: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: HeaderBag | undefined, now: number = Date.now()): number | undefined {
  const value = headers ? headerValue(headers, 'retry-after')?.trim() : undefined;
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * One request's retries: how long the next attempt may take and whether (and after how long) a
 * failure is tried again. The deadline is the caller's timeout, counted from the first attempt: no
 * retry is scheduled that could not finish in time, and none outlives the caller's abort.
 */
export class RetrySchedule {
  private retriesDone = 0;
  private readonly deadline: number;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = clock() + timeoutMs;
  }

  /** Attempts made so far, counting the one in flight. */
  get attempt(): number {
    return this.retriesDone + 1;
  }

  get attempts(): number {
    return this.policy.retries + 1;
  }

  /** The time the next attempt may take: the whole timeout first, what is left of it afterwards. */
  attemptTimeoutMs(): number {
    return this.retriesDone === 0 ? this.timeoutMs : Math.max(1, Math.floor(this.deadline - this.clock()));
  }

  /**
   * The wait before trying again after `error` (with the failed answer's headers, if any), or
   * undefined when it is not tried again.
   */
  next(error: BrazeError, headers?: HeaderBag): number | undefined {
    if (this.retriesDone >= this.policy.retries || !isRetryable(error) || this.signal?.aborted) return undefined;
    const delay = retryAfterMs(headers) ?? backoffMs(this.retriesDone + 1, this.policy);
    // Some time must be left for the attempt itself after the wait, or it would only time out.
    if (this.clock() + delay + MIN_ATTEMPT_MS > this.deadline) return undefined;
    return delay;
  }

  /** `error` as logged for an attempt that is tried again after `delayMs`. */
  note(error: BrazeError, delayMs: number): BrazeError {
    return new BrazeError(error.kind, `${error.message} Retry ${this.retriesDone + 1} of ${this.policy.retries} in ${(delayMs / 1000).toFixed(1)} s.`, error);
  }

  /** The error to give up with: a timeout after retries counts the whole time and every attempt. */
  final(error: BrazeError): BrazeError {
    if (error.kind !== 'timeout' || this.retriesDone === 0) return error;
    return new BrazeError('timeout', l10n.t('Braze did not answer within {0} s, over {1} attempts.', Math.round(this.timeoutMs / 1000), this.attempt), error);
  }

  /** Waits `delayMs` before the next attempt; rejects `aborted` if the caller gives up meanwhile. */
  async wait(delayMs: number): Promise<void> {
    this.retriesDone++;
    try {
      await this.policy.sleep(delayMs, this.signal);
    } catch {
      throw new BrazeError('aborted', 'The request was cancelled.');
    }
    if (this.signal?.aborted) throw new BrazeError('aborted', 'The request was cancelled.');
  }
}

/** Less than this left after the wait, and a retry is not worth sending. */
const MIN_ATTEMPT_MS = 100;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
