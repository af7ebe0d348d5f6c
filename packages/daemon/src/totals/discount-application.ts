import { allocateProportionally } from './discount-allocation.js';
import { mulDivRound } from './rounding.js';
import { BASIS_POINTS } from './tax.js';
import type {
  AppliedDiscount,
  DiscountEffect,
  DiscountKind,
  DiscountShare,
  DiscountTarget,
} from './totals-types.js';

/** Targets in the order their discounts apply: line promotions, then the order subtotal, then shipping. */
export const DISCOUNT_ORDER: readonly DiscountTarget[] = ['lines', 'subtotal', 'shipping'];
/** Within one target, percentages apply before fixed amounts; then effects keep the order they were given in. */
export const DISCOUNT_KIND_ORDER: readonly DiscountKind[] = ['percentage', 'fixed'];

/** What the discounts took: per line (same order as the amounts given) and from shipping. */
export interface DiscountOutcome {
  readonly lineShares: readonly DiscountShare[][];
  readonly lineDiscounts: readonly number[];
  readonly shippingDiscount: number;
  readonly applied: readonly AppliedDiscount[];
}

/** The effects in application order (a stable sort by target, then kind). */
export function orderDiscounts(effects: readonly DiscountEffect[]): DiscountEffect[] {
  const rank = (effect: DiscountEffect) =>
    DISCOUNT_ORDER.indexOf(effect.target) * DISCOUNT_KIND_ORDER.length +
    DISCOUNT_KIND_ORDER.indexOf(effect.kind);
  return [...effects].sort((a, b) => rank(a) - rank(b));
}

/**
 * Applies discount effects to line amounts and a shipping amount (in the region's price convention). Each effect:
 * 1. takes its base, what remains of its target after the effects before it;
 * 2. computes its amount: `round(base × bp / 10000)` for a percentage, `min(value, base)` for a fixed amount;
 * 3. for lines, splits that amount over its lines in proportion to what remains of each (largest remainder).
 *
 * So no discount exceeds what it applies to, and no line or shipping goes below 0.
 */
export function applyDiscounts(
  lineIds: readonly string[],
  lineAmounts: readonly number[],
  shippingAmount: number,
  effects: readonly DiscountEffect[],
): DiscountOutcome {
  const remaining = [...lineAmounts];
  const lineShares: DiscountShare[][] = lineAmounts.map(() => []);
  let shippingRemaining = shippingAmount;
  const applied: AppliedDiscount[] = [];

  for (const effect of orderDiscounts(effects)) {
    const amountOn = (base: number) =>
      effect.kind === 'percentage'
        ? mulDivRound(base, effect.value, BASIS_POINTS)
        : Math.min(effect.value, base);

    if (effect.target === 'shipping') {
      const amount = amountOn(shippingRemaining);
      shippingRemaining -= amount;
      applied.push({ id: effect.id, target: effect.target, kind: effect.kind, value: effect.value, amount });
      continue;
    }

    const targeted =
      effect.target === 'subtotal'
        ? lineIds.map((_, index) => index)
        : lineIds.flatMap((id, index) => (effect.lineIds.includes(id) ? [index] : []));
    const weights = targeted.map((index) => remaining[index]!);
    const amount = amountOn(weights.reduce((sum, weight) => sum + weight, 0));
    const parts = allocateProportionally(amount, weights);
    targeted.forEach((lineIndex, position) => {
      const part = parts[position]!;
      if (part === 0) return;
      remaining[lineIndex]! -= part;
      lineShares[lineIndex]!.push({ discountId: effect.id, amount: part });
    });
    applied.push({ id: effect.id, target: effect.target, kind: effect.kind, value: effect.value, amount });
  }

  return {
    lineShares,
    lineDiscounts: lineAmounts.map((amount, index) => amount - remaining[index]!),
    shippingDiscount: shippingAmount - shippingRemaining,
    applied,
  };
}
