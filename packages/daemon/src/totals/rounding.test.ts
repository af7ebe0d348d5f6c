import { describe, expect, it } from 'vitest';
import { divideRoundHalfUp, mulDivRound } from './rounding.js';

describe('mulDivRound (round half up)', () => {
  it('rounds below half down, half and above up', () => {
    expect(mulDivRound(24, 1, 10)).toBe(2);
    expect(mulDivRound(25, 1, 10)).toBe(3);
    expect(mulDivRound(15, 1, 10)).toBe(2);
    expect(mulDivRound(1999, 2000, 10000)).toBe(400);
    expect(mulDivRound(0, 2000, 10000)).toBe(0);
  });

  it('is exact where amount × rate passes 2^53', () => {
    // 10^12 × 99_999 / 10_000 = 9_999_900_000_000 exactly; doubles would lose the low digits of the product.
    expect(mulDivRound(1_000_000_000_000, 99_999, 10_000)).toBe(9_999_900_000_000);
    expect(mulDivRound(999_999_999_999, 3, 2)).toBe(1_499_999_999_999); // 1_499_999_999_998.5 → up
  });

  it('divides BigInts the same way', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divideRoundHalfUp(8n, 3n)).toBe(3n);
  });
});
