import type { ShippingRule } from '@tillpoint/sdk/schemas';
import { describe, expect, it } from 'vitest';
import { methodPrice, shippingPrice } from './shipping-price.js';

describe('shippingPrice', () => {
  it('flat: always the amount', () => {
    expect(shippingPrice({ type: 'flat', amount: 495 }, { subtotal: 0, grams: 99_999 })).toBe(495);
  });

  it('free_above: free from the threshold (inclusive), the amount below it', () => {
    const rule: ShippingRule = { type: 'free_above', amount: 495, freeAbove: 5000 };
    expect(shippingPrice(rule, { subtotal: 4999, grams: 0 })).toBe(495);
    expect(shippingPrice(rule, { subtotal: 5000, grams: 0 })).toBe(0);
  });

  it('weight_tiers: the first tier holding the weight (inclusive); heavier than all closed tiers is not eligible', () => {
    const rule: ShippingRule = {
      type: 'weight_tiers',
      tiers: [
        { upToGrams: 1000, amount: 400 },
        { upToGrams: 5000, amount: 900 },
      ],
    };
    expect(shippingPrice(rule, { subtotal: 0, grams: 0 })).toBe(400);
    expect(shippingPrice(rule, { subtotal: 0, grams: 1000 })).toBe(400);
    expect(shippingPrice(rule, { subtotal: 0, grams: 1001 })).toBe(900);
    expect(shippingPrice(rule, { subtotal: 0, grams: 5001 })).toBeNull();
    const open: ShippingRule = {
      type: 'weight_tiers',
      tiers: [...rule.tiers, { upToGrams: null, amount: 2500 }],
    };
    expect(shippingPrice(open, { subtotal: 0, grams: 1_000_000 })).toBe(2500);
  });
});

describe('methodPrice', () => {
  const method = {
    rule: { type: 'flat', amount: 300 } as ShippingRule,
    minSubtotal: 1000,
    maxSubtotal: 9000,
    active: true,
  };
  it('offers the method only inside its subtotal range (both ends inclusive) and while active', () => {
    expect(methodPrice(method, { subtotal: 999, grams: 0 })).toBeNull();
    expect(methodPrice(method, { subtotal: 1000, grams: 0 })).toBe(300);
    expect(methodPrice(method, { subtotal: 9000, grams: 0 })).toBe(300);
    expect(methodPrice(method, { subtotal: 9001, grams: 0 })).toBeNull();
    expect(methodPrice({ ...method, active: false }, { subtotal: 5000, grams: 0 })).toBeNull();
    expect(methodPrice({ ...method, minSubtotal: null, maxSubtotal: null }, { subtotal: 0, grams: 0 })).toBe(
      300,
    );
  });
});
