// When a failed load of the segment list tries again by itself. A view that failed and just sits
// there until somebody finds the refresh icon is not telling the truth about what happens next.
import type { BrazeError } from '../braze/errors';

/** The waits between automatic retries of a failure that may pass by itself: 15 s doubling to 5 minutes. */
export const RETRY_BASE_MS = 15_000;
export const RETRY_MAX_MS = 5 * 60_000;

/**
 * How long to wait before trying again after `error`, the `attempt`-th failure in a row (from 1), or
 * undefined when waiting would not help (a rejected key, a missing permission, a bug of ours: those
 * need the user, and a key change reloads anyway).
 */
export function retryDelay(error: BrazeError, attempt: number, now: number = Date.now()): number | undefined {
  switch (error.kind) {
    case 'rate-limited':
      // The block ends at resetAt (at most an hour away): one try just after it.
      return Math.max(1000, (error.resetAt?.getTime() ?? now + RETRY_BASE_MS) - now + 1000);
    case 'proxy':
      // A proxy that answered (407, a refused tunnel) wants the user; one out of reach may come back.
      if (error.status !== undefined) return undefined;
      return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
    case 'network':
    case 'timeout':
    case 'not-sent':
    case 'server':
    case 'invalid-response':
      return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
    default:
      return undefined;
  }
}
