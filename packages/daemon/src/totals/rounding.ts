/**
 * The one rounding rule of the totals engine: **round half up** to the minor unit. Every amount the engine derives
 * (a percentage discount, a line's tax, shipping tax, a unit share of a refund) is an exact fraction rounded once with
 * this rule; ties go up (amounts are never negative, so this is also "half away from zero"). Amounts are already in
 * minor units, so rounding to the currency's minor unit is rounding to an integer whatever the currency's exponent
 * (JPY 0, USD 2, KWD 3). Products run in BigInt, so `amount × rate` is exact far beyond 2^53.
 */

/** `numerator / denominator` rounded half up; both non-negative, `denominator` positive. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  // floor(n/d + 1/2) = floor((2n + d) / 2d) for n ≥ 0, d > 0; BigInt division truncates, which is floor here.
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * `amount × multiplier / divisor` rounded half up, exactly (BigInt inside), e.g. `mulDivRound(1999, 2000, 10000)` is
 * 400 (399.8). All three are non-negative safe integers and `divisor` is positive; the result is a safe integer as
 * long as the exact quotient is.
 */
export function mulDivRound(amount: number, multiplier: number, divisor: number): number {
  return Number(divideRoundHalfUp(BigInt(amount) * BigInt(multiplier), BigInt(divisor)));
}
