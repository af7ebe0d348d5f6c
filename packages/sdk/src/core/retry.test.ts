import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryableStatus,
  MAX_RETRY_DELAY_MS,
  parseRetryAfter,
  retryDelay,
  shouldRetryResponse,
} from './retry.js';

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and 5xx only', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status)).toBe(true);
    for (const status of [200, 400, 401, 403, 404, 405, 413, 422])
      expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': '0' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
  });

  it('ignores absent, garbage and negative values', () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-1' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x' }, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s and caps at 8 s without jitter', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('jitters down by at most 25 %', () => {
    expect(backoffDelay(0, () => 1)).toBe(375);
    expect(backoffDelay(20, () => 0.999999)).toBeGreaterThanOrEqual(MAX_RETRY_DELAY_MS * 0.75);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(1);
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('retryDelay', () => {
  it('uses Retry-After when within 60 s, else the backoff', () => {
    expect(retryDelay(3, { 'retry-after': '2' }, () => 0)).toBe(2000);
    expect(retryDelay(0, { 'retry-after': '3600' }, () => 0)).toBe(500);
    expect(retryDelay(1, {}, () => 0)).toBe(1000);
  });
});

describe('shouldRetryResponse', () => {
  it('lets the server’s x-should-retry header override the status', () => {
    expect(shouldRetryResponse(409, {})).toBe(true);
    expect(shouldRetryResponse(409, { 'x-should-retry': 'false' })).toBe(false);
    expect(shouldRetryResponse(400, { 'x-should-retry': 'true' })).toBe(true);
    expect(shouldRetryResponse(503, { 'x-should-retry': 'maybe' })).toBe(true);
  });
});
