/**
 * Largest-remainder allocation (Hamilton's method): splits an integer amount over integer weights in proportion,
 * exactly. Each part first gets the floor of its exact share; the minor units left over go one each to the parts with
 * the largest fractional remainders, ties to the larger weight, then to the earlier part. The parts always sum to
 * the amount, and when the amount is at most the sum of the weights no part exceeds its weight and a zero weight gets
 * nothing.
 */
export function allocateProportionally(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a safe integer ≥ 0: ${amount}`);
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0)
      throw new RangeError(`weights must be safe integers ≥ 0: ${weight}`);
  }
  if (amount === 0) return weights.map(() => 0);
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n) throw new RangeError(`cannot allocate ${amount} over weights that sum to 0`);

  const big = BigInt(amount);
  const floors = weights.map((weight) => (big * BigInt(weight)) / total);
  const remainders = weights.map((weight) => (big * BigInt(weight)) % total);
  let leftover = Number(big - floors.reduce((sum, part) => sum + part, 0n));

  const order = weights.map((_, index) => index);
  order.sort((a, b) => {
    const byRemainder = compareBig(remainders[b]!, remainders[a]!);
    if (byRemainder !== 0) return byRemainder;
    const byWeight = weights[b]! - weights[a]!;
    return byWeight !== 0 ? byWeight : a - b;
  });

  const parts = floors.map(Number);
  // leftover < number of parts with a positive remainder, so every unit lands on a part whose share was cut.
  for (const index of order) {
    if (leftover === 0) break;
    parts[index]! += 1;
    leftover -= 1;
  }
  return parts;
}

function compareBig(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? 1 : -1;
}
