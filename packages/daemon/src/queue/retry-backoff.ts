/** First retry after about 1 s, doubling, never more than 1 h apart. */
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * Delay before the next attempt: exponential in the attempts so far, with full jitter in the upper
 * half (so failed jobs from one outage do not all come back in the same millisecond).
 */
export function retryDelayMs(attemptsSoFar: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attemptsSoFar - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
