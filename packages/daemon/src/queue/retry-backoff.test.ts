import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-backoff.js';

describe('retryDelayMs', () => {
  it('doubles per attempt with jitter in the upper half', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 0)).toBe(2000);
    expect(retryDelayMs(3, () => 1)).toBe(4000);
  });

  it('is capped at an hour', () => {
    expect(retryDelayMs(40, () => 1)).toBe(3_600_000);
  });
});
