import { describe, expect, it } from 'vitest';
import { allocateProportionally } from './discount-allocation.js';

describe('allocateProportionally (largest remainder)', () => {
  it('gives leftover units to the largest fractional remainders', () => {
    // Exact shares 4.2, 2.1, 0.7: floors 4, 2, 0 leave 1 unit, which goes to the 0.7.
    expect(allocateProportionally(7, [600, 300, 100])).toEqual([4, 2, 1]);
  });

  it('breaks ties by the larger weight, then the earlier part', () => {
    expect(allocateProportionally(2, [100, 300])).toEqual([0, 2]); // 0.5 and 1.5: the tie goes to 300
    expect(allocateProportionally(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocateProportionally(2, [5, 5, 5])).toEqual([1, 1, 0]);
  });

  it('splits an amount equal to the weights into the weights, and 0 into zeros', () => {
    expect(allocateProportionally(60, [10, 20, 30])).toEqual([10, 20, 30]);
    expect(allocateProportionally(0, [10, 20])).toEqual([0, 0]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocateProportionally(5, [0, 10, 0])).toEqual([0, 5, 0]);
  });

  it('is exact for amounts whose products pass 2^53', () => {
    const parts = allocateProportionally(999_999_999_999, [1_000_000_000_000, 333_333_333_333, 1]);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(999_999_999_999);
    // Exact shares 749_999_999_998.875, 249_999_999_999.375 and 0.749…: the two units left go to .875 and .749.
    expect(parts).toEqual([749_999_999_999, 249_999_999_999, 1]);
  });

  it('refuses a positive amount over zero weights and negative input', () => {
    expect(() => allocateProportionally(1, [0, 0])).toThrow(RangeError);
    expect(() => allocateProportionally(-1, [1])).toThrow(RangeError);
    expect(() => allocateProportionally(1, [-1, 2])).toThrow(RangeError);
  });
});
