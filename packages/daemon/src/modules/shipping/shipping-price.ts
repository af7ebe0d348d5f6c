import type { ShippingMethod, ShippingRule } from '@tillpoint/sdk/schemas';

/** What shipping is priced on: the cart's subtotal (minor units) and weight (grams, from its variants). */
export interface ShippingContext {
  subtotal: number;
  grams: number;
}

/**
 * The price of a rule for a cart, in minor units, or null when the rule cannot ship it (heavier than every weight
 * tier). Pure.
 */
export function shippingPrice(rule: ShippingRule, context: ShippingContext): number | null {
  switch (rule.type) {
    case 'flat':
      return rule.amount;
    case 'free_above':
      return context.subtotal >= rule.freeAbove ? 0 : rule.amount;
    case 'weight_tiers': {
      const tier = rule.tiers.find((t) => t.upToGrams === null || context.grams <= t.upToGrams);
      return tier ? tier.amount : null;
    }
  }
}

/**
 * The price of a method for a cart, or null when it is not offered: inactive, the subtotal outside
 * `minSubtotal`..`maxSubtotal` (both inclusive), or its rule cannot ship the cart. Pure.
 */
export function methodPrice(
  method: Pick<ShippingMethod, 'rule' | 'minSubtotal' | 'maxSubtotal' | 'active'>,
  context: ShippingContext,
): number | null {
  if (!method.active) return null;
  if (method.minSubtotal !== null && context.subtotal < method.minSubtotal) return null;
  if (method.maxSubtotal !== null && context.subtotal > method.maxSubtotal) return null;
  return shippingPrice(method.rule, context);
}
