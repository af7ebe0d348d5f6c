/** First backoff delay: 0.5 s. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Backoff never waits longer than 8 s. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is ignored in favour of the backoff, so a bad header cannot stall a caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Statuses worth another attempt: request timeout, conflict (often a lock), rate limit, and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Whether to retry a response: the server's `x-should-retry` header decides when present (the
 * daemon sends `false` on answers that will not change, such as 409 `out_of_stock`), else the status.
 */
export function shouldRetryResponse(status: number, headers: Record<string, string>): boolean {
  const verdict = headers['x-should-retry'];
  if (verdict === 'true') return true;
  if (verdict === 'false') return false;
  return isRetryableStatus(status);
}

/**
 * Reads how long the server asks to wait, in ms: `retry-after-ms`, then `Retry-After` as seconds or as an HTTP
 * date. Returns `undefined` when absent, unparsable or negative. Header names must be lower-cased.
 */
export function parseRetryAfter(
  headers: Record<string, string>,
  now: number = Date.now(),
): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers['retry-after']?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  // An HTTP date always names a weekday and month; without letters `Date.parse` would read '-1' as a year.
  const date = /[a-z]/i.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: about 0.5 s·2ⁿ (n = retries already made), capped at 8 s, then shortened by
 * up to 25 % at random so that many clients do not retry in step.
 */
export function backoffDelay(retriesSoFar: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retriesSoFar, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - random() * 0.25));
}

/** The wait before the next attempt: the server's `Retry-After` when sane (0 to 60 s), else the backoff. */
export function retryDelay(
  retriesSoFar: number,
  headers: Record<string, string> = {},
  random: () => number = Math.random,
): number {
  const retryAfter = parseRetryAfter(headers);
  if (retryAfter !== undefined && retryAfter <= MAX_RETRY_AFTER_MS) return retryAfter;
  return backoffDelay(retriesSoFar, random);
}
