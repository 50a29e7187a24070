// Braze's rate-limit headers, read from every response. Braze sends the names in lower case, but
// HTTP header names are case-insensitive, so they are looked up that way.

export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** When the current window ends. */
  resetAt?: Date;
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function readRateLimit(headers: HeaderBag): RateLimit | undefined {
  const limit = toNumber(headerValue(headers, 'x-ratelimit-limit'));
  const remaining = toNumber(headerValue(headers, 'x-ratelimit-remaining'));
  const reset = toNumber(headerValue(headers, 'x-ratelimit-reset'));
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, resetAt: reset === undefined ? undefined : new Date(reset * 1000) };
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
