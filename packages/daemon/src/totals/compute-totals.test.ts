import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.js';
import { computeTotals } from './compute-totals.js';
import { usdCart } from './totals-test-fixtures.js';
import type { TotalsInput } from './totals-types.js';

describe('computeTotals', () => {
  it('prices exclude tax: a subtotal percentage split over lines, tax per line after the discount', () => {
    const totals = computeTotals(usdCart());
    // 10 % of 4498 = 449.8 → 450; shares 399.955 and 50.044: the leftover unit goes to line a.
    expect(totals.lines).toEqual([
      {
        id: 'a',
        unitPrice: 1999,
        quantity: 2,
        taxRate: 825,
        subtotal: 3998,
        discountTotal: 400,
        discounts: [{ discountId: 'promo_10', amount: 400 }],
        netTotal: 3598,
        taxTotal: 297, // 3598 × 8.25 % = 296.835
        total: 3895,
      },
      {
        id: 'b',
        unitPrice: 500,
        quantity: 1,
        taxRate: 0,
        subtotal: 500,
        discountTotal: 50,
        discounts: [{ discountId: 'promo_10', amount: 50 }],
        netTotal: 450,
        taxTotal: 0,
        total: 450,
      },
    ]);
    expect(totals).toMatchObject({
      currency: 'USD',
      pricesIncludeTax: false,
      subtotal: 4498,
      discountTotal: 450,
      shippingSubtotal: 700,
      shippingDiscountTotal: 0,
      shippingTaxTotal: 0,
      shippingTotal: 700,
      taxTotal: 297,
      grandTotal: 5045,
      discounts: [{ id: 'promo_10', target: 'subtotal', kind: 'percentage', value: 1000, amount: 450 }],
    });
  });

  it('prices include tax: a fixed line discount and free shipping', () => {
    const totals = computeTotals({
      currency: 'EUR',
      pricesIncludeTax: true,
      lines: [
        { id: 'a', unitPrice: 1000, quantity: 3, taxRate: 2000 },
        { id: 'b', unitPrice: 1500, quantity: 1, taxRate: 550 },
      ],
      shipping: { amount: 495, taxRate: 2000 },
      discounts: [
        { id: 'ship', target: 'shipping', kind: 'percentage', value: 10_000 },
        { id: 'five', target: 'lines', lineIds: ['a'], kind: 'fixed', value: 500 },
      ],
    });
    expect(
      totals.lines.map((line) => [line.discountTotal, line.netTotal, line.taxTotal, line.total]),
    ).toEqual([
      [500, 2083, 417, 2500], // 2500 × 2000 / 12000 = 416.67
      [0, 1422, 78, 1500], // 1500 × 550 / 10550 = 78.2
    ]);
    expect(totals).toMatchObject({
      subtotal: 4500,
      discountTotal: 500,
      shippingSubtotal: 495,
      shippingDiscountTotal: 495,
      shippingTaxRate: 2000,
      shippingTaxTotal: 0,
      shippingTotal: 0,
      taxTotal: 495,
      grandTotal: 4000,
    });
    // Application order: lines before shipping, whatever order they were given in.
    expect(totals.discounts.map((discount) => [discount.id, discount.amount])).toEqual([
      ['five', 500],
      ['ship', 495],
    ]);
  });

  it('taxes shipping at its own rate, after its discount', () => {
    const totals = computeTotals({
      currency: 'GBP',
      pricesIncludeTax: false,
      lines: [{ id: 'a', unitPrice: 1000, quantity: 1, taxRate: 2000 }],
      shipping: { amount: 599, taxRate: 2000 },
      discounts: [{ id: 'ship2', target: 'shipping', kind: 'fixed', value: 200 }],
    });
    // Shipping 599 − 200 = 399; tax 79.8 → 80.
    expect(totals).toMatchObject({
      shippingTaxTotal: 80,
      shippingTotal: 479,
      taxTotal: 280,
      grandTotal: 1679,
    });
  });

  it('applies percentages before fixed amounts, each on what remains, and caps a discount at what remains', () => {
    const totals = computeTotals({
      currency: 'JPY',
      pricesIncludeTax: false,
      lines: [{ id: 'a', unitPrice: 1000, quantity: 1, taxRate: 1000 }],
      discounts: [
        { id: 'big', target: 'subtotal', kind: 'fixed', value: 5000 },
        { id: 'pct', target: 'lines', lineIds: ['a'], kind: 'percentage', value: 1500 },
      ],
    });
    // Lines first: 15 % of 1000 = 150, then the fixed 5000 takes only the 850 left.
    expect(totals.discounts.map((discount) => [discount.id, discount.amount])).toEqual([
      ['pct', 150],
      ['big', 850],
    ]);
    expect(totals.lines[0]).toMatchObject({ discountTotal: 1000, taxTotal: 0, total: 0 });
    expect(totals.grandTotal).toBe(0);
  });

  it('spreads a line-targeted discount over only the listed lines, in JPY', () => {
    const totals = computeTotals({
      currency: 'JPY',
      pricesIncludeTax: false,
      lines: [
        { id: 'a', unitPrice: 333, quantity: 3, taxRate: 1000 },
        { id: 'b', unitPrice: 100, quantity: 1, taxRate: 1000 },
        { id: 'c', unitPrice: 200, quantity: 1, taxRate: 800 },
      ],
      discounts: [{ id: 'bc', target: 'lines', lineIds: ['b', 'c', 'c'], kind: 'fixed', value: 100 }],
    });
    // 100 over b (100) and c (200): 33.3 and 66.7 → 33 and 67.
    expect(totals.lines.map((line) => [line.discountTotal, line.taxTotal, line.total])).toEqual([
      [0, 100, 1099], // 999 × 10 % = 99.9
      [33, 7, 74], // 67 × 10 % = 6.7
      [67, 11, 144], // 133 × 8 % = 10.64
    ]);
    expect(totals.grandTotal).toBe(1317);
  });

  it('answers zeros for an empty cart without shipping', () => {
    expect(computeTotals({ currency: 'KWD', pricesIncludeTax: true, lines: [] })).toEqual({
      currency: 'KWD',
      pricesIncludeTax: true,
      lines: [],
      subtotal: 0,
      discountTotal: 0,
      shippingSubtotal: 0,
      shippingDiscountTotal: 0,
      shippingTaxRate: 0,
      shippingTaxTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      grandTotal: 0,
      discounts: [],
    });
  });

  it('refuses bad input with a 422 naming each field', () => {
    const bad: TotalsInput = {
      currency: 'usd',
      pricesIncludeTax: false,
      lines: [
        { id: 'a', unitPrice: 10.5, quantity: 0, taxRate: -1 },
        { id: 'a', unitPrice: 1, quantity: 1, taxRate: 0 },
      ],
      shipping: { amount: -1, taxRate: 0 },
      discounts: [
        { id: 'p', target: 'subtotal', kind: 'percentage', value: 10_001 },
        { id: 'q', target: 'lines', kind: 'fixed', value: 1, lineIds: ['zzz'] },
      ],
    };
    const error = catchError(() => computeTotals(bad));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).errors?.map((field) => field.path)).toEqual([
      'currency',
      'lines.0.unitPrice',
      'lines.0.quantity',
      'lines.0.taxRate',
      'lines.1.id',
      'shipping.amount',
      'discounts.0.value',
      'discounts.1.lineIds.0',
    ]);
  });

  it('refuses a line, a subtotal or a grand total above MAX_AMOUNT', () => {
    const line = (id: string, unitPrice: number, quantity: number, taxRate = 0) => ({
      id,
      unitPrice,
      quantity,
      taxRate,
    });
    const input = (lines: TotalsInput['lines']): TotalsInput => ({
      currency: 'EUR',
      pricesIncludeTax: false,
      lines,
    });
    expect(() => computeTotals(input([line('a', 1_000_000_000_000, 2)]))).toThrow(AppError);
    expect(() =>
      computeTotals(input([line('a', 600_000_000_000, 1), line('b', 600_000_000_000, 1)])),
    ).toThrow(AppError);
    expect(() => computeTotals(input([line('a', 1_000_000_000_000, 1, 10)]))).toThrow(/exceeds the largest/);
    expect(computeTotals(input([line('a', 1_000_000_000_000, 1)])).grandTotal).toBe(1_000_000_000_000);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
