// Braze's rate-limit headers, read from every response. Braze sends the names in lower case, but
// HTTP header names are case-insensitive, so they are looked up that way. The server's word on when
// a window ends is clamped: a broken gateway sending a reset in the year 2100, or milliseconds where
// seconds belong, must not stop every request until VS Code restarts.

export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** When the current window ends: a valid date, at most `MAX_BLOCK_MS` from when it was read. */
  resetAt?: Date;
}

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Braze's windows are an hour long: no answer can block requests for longer than that. */
export const MAX_BLOCK_MS = 3_600_000;
/** A 429 that says nothing about when it lifts blocks this long. */
const DEFAULT_BLOCK_MS = 60_000;
/** Epoch seconds past this (the year 5138) are milliseconds sent as seconds. */
const LARGEST_EPOCH_SECONDS = 1e11;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // undici names every header in lower case: look there first, then in any case.
  const direct = headers[wanted];
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function readRateLimit(headers: HeaderBag, now: number = Date.now()): RateLimit | undefined {
  const limit = toCount(headerValue(headers, 'x-ratelimit-limit'));
  const remaining = toCount(headerValue(headers, 'x-ratelimit-remaining'));
  const reset = toNumber(headerValue(headers, 'x-ratelimit-reset'));
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const resetAt = reset === undefined ? undefined : clampedDate(reset > LARGEST_EPOCH_SECONDS ? reset : reset * 1000, now);
  return { limit, remaining: limit === undefined || remaining === undefined ? remaining : Math.min(remaining, limit), resetAt };
}

/**
 * When requests may be sent again after a 429: `Retry-After` (seconds or an HTTP date) when the
 * server sent one, else the window's reset, else a minute; never more than an hour from `now`.
 */
export function blockedUntil(headers: HeaderBag, rateLimit: RateLimit | undefined, now: number = Date.now()): Date {
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (retryAfter) {
    const seconds = /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    const at = seconds !== undefined ? now + seconds * 1000 : Date.parse(retryAfter);
    const date = clampedDate(at, now);
    if (date) return date;
  }
  return rateLimit?.resetAt ?? new Date(now + DEFAULT_BLOCK_MS);
}

/** `ms` as a Date no later than an hour from `now`; undefined when it is no date at all. */
function clampedDate(ms: number, now: number): Date | undefined {
  if (Number.isNaN(new Date(ms).getTime())) return undefined;
  return new Date(Math.min(ms, now + MAX_BLOCK_MS));
}

/** Braze's default limit, for a response that carries no limit header. */
export const DEFAULT_HOURLY_LIMIT = 250_000;
/** Below this share of the hourly limit left, background requests wait for the window's reset. */
const BACKGROUND_BUDGET_SHARE = 0.05;

/**
 * Until when background work (stale refreshes, prefetches, automatic reloads) waits because less
 * than 5% of the workspace's hourly limit is left, which the team's own jobs share; undefined when
 * it need not.
 */
export function backgroundPausedUntil(rateLimit: RateLimit | undefined, now: number = Date.now()): Date | undefined {
  const { limit = DEFAULT_HOURLY_LIMIT, remaining, resetAt } = rateLimit ?? {};
  if (remaining === undefined || !resetAt || resetAt.getTime() <= now) return undefined;
  return remaining < limit * BACKGROUND_BUDGET_SHARE ? resetAt : undefined;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A count is a whole number from 0: anything else was not meant as one. */
function toCount(text: string | undefined): number | undefined {
  const value = toNumber(text);
  return value !== undefined && value >= 0 ? Math.floor(value) : undefined;
}
