import type { TotalsInput } from './totals-types.js';

/**
 * A USD cart with prices excluding tax used by several tests: line a is 2 × 19.99 at 8.25 %, line b 5.00 untaxed,
 * shipping 7.00 at `shippingTaxRate`, and 10 % off the subtotal. Its line totals are 38.95 (2.97 tax) and 4.50.
 */
export function usdCart(shippingTaxRate = 0): TotalsInput {
  return {
    currency: 'USD',
    pricesIncludeTax: false,
    lines: [
      { id: 'a', unitPrice: 1999, quantity: 2, taxRate: 825 },
      { id: 'b', unitPrice: 500, quantity: 1, taxRate: 0 },
    ],
    shipping: { amount: 700, taxRate: shippingTaxRate },
    discounts: [{ id: 'promo_10', target: 'subtotal', kind: 'percentage', value: 1000 }],
  };
}
