import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.js';
import { computeTotals } from './compute-totals.js';
import { planRefund, refundableAmounts } from './refunds.js';
import { usdCart } from './totals-test-fixtures.js';
import type { RefundRecord } from './totals-types.js';

// Line a: 2 × 19.99 at 8.25 % with its share of 10 % off: total 38.95 of which 2.97 tax. Line b: 4.50, untaxed.
// Shipping 7.00 at 10 %: 7.70 of which 0.70 tax.
const paid = computeTotals(usdCart(1000));

describe('planRefund', () => {
  it('refunds what was paid for returned units of a discounted line, never the list price', () => {
    expect(paid.lines[0]).toMatchObject({ total: 3895, taxTotal: 297 });
    const first = planRefund(paid, [], { lines: [{ lineId: 'a', quantity: 1 }] });
    // round(3895 / 2) = 1948 (1947.5 up); tax round(297 × 1948 / 3895) = 149 (148.54).
    expect(first).toEqual({
      lines: [{ lineId: 'a', quantity: 1, amount: 1948, taxAmount: 149 }],
      shipping: { amount: 0, taxAmount: 0 },
      amount: 1948,
      taxAmount: 149,
    });
    const second = planRefund(paid, [first], { lines: [{ lineId: 'a', quantity: 1 }] });
    expect(second.lines).toEqual([{ lineId: 'a', quantity: 1, amount: 1947, taxAmount: 148 }]);
    expect(first.amount + second.amount).toBe(3895);
  });

  it('caps a return after a goodwill refund at what the line still has', () => {
    const goodwill = planRefund(paid, [], { lines: [{ lineId: 'a', amount: 3000 }] });
    expect(goodwill.lines).toEqual([{ lineId: 'a', quantity: 0, amount: 3000, taxAmount: 229 }]); // 228.75
    const back = planRefund(paid, [goodwill], { lines: [{ lineId: 'a', quantity: 2 }] });
    expect(back.lines).toEqual([{ lineId: 'a', quantity: 2, amount: 895, taxAmount: 68 }]);
  });

  it('refunds all or part of shipping with its tax', () => {
    expect(paid).toMatchObject({ shippingTotal: 770, shippingTaxTotal: 70 });
    const part = planRefund(paid, [], { shipping: { amount: 385 } });
    expect(part.shipping).toEqual({ amount: 385, taxAmount: 35 });
    const rest = planRefund(paid, [part], { shipping: {} });
    expect(rest.shipping).toEqual({ amount: 385, taxAmount: 35 });
    expect(refundableAmounts(paid, [part, rest]).shipping).toEqual({ amount: 0, taxAmount: 0 });
  });

  it('spreads an order amount over what remains, in proportion', () => {
    const history: RefundRecord[] = [planRefund(paid, [], { lines: [{ lineId: 'b', quantity: 1 }] })];
    // Remaining: a 3895, b 0, shipping 770 → 100 splits 83.49 / 0 / 16.51 → 83 / 0 / 17.
    const plan = planRefund(paid, history, { amount: 100 });
    expect(plan.lines).toEqual([{ lineId: 'a', quantity: 0, amount: 83, taxAmount: 6 }]);
    expect(plan.shipping).toEqual({ amount: 17, taxAmount: 2 });
    expect(plan.amount).toBe(100);
  });

  it('answers what is still refundable', () => {
    const first = planRefund(paid, [], { lines: [{ lineId: 'a', quantity: 1 }], shipping: { amount: 70 } });
    expect(refundableAmounts(paid, [first])).toEqual({
      lines: [
        { lineId: 'a', quantity: 1, amount: 1947, taxAmount: 148 },
        { lineId: 'b', quantity: 1, amount: 450, taxAmount: 0 },
      ],
      shipping: { amount: 700, taxAmount: 64 },
      amount: 3097,
      taxAmount: 212,
    });
    expect(refundableAmounts(paid, []).amount).toBe(paid.grandTotal);
  });

  it('refuses more units or more money than remain, unknown lines and zero amounts', () => {
    const all = planRefund(paid, [], { amount: paid.grandTotal });
    expect(all.amount).toBe(paid.grandTotal);
    expect(all.taxAmount).toBe(paid.taxTotal);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof AppError ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => planRefund(paid, [all], { amount: 1 }))).toBe('amount_exceeds_captured');
    expect(codeOf(() => planRefund(paid, [], { lines: [{ lineId: 'b', amount: 451 }] }))).toBe(
      'amount_exceeds_captured',
    );
    expect(codeOf(() => planRefund(paid, [], { shipping: { amount: 771 } }))).toBe('amount_exceeds_captured');
    expect(codeOf(() => planRefund(paid, [], { lines: [{ lineId: 'a', quantity: 3 }] }))).toBe(
      'validation_failed',
    );
    expect(codeOf(() => planRefund(paid, [], { lines: [{ lineId: 'a', quantity: 0 }] }))).toBe(
      'validation_failed',
    );
    expect(codeOf(() => planRefund(paid, [], { lines: [{ lineId: 'x', amount: 1 }] }))).toBe(
      'validation_failed',
    );
    expect(codeOf(() => planRefund(paid, [], { amount: 0 }))).toBe('validation_failed');
    // Units returned by an earlier refund count too.
    const both = planRefund(paid, [], { lines: [{ lineId: 'a', quantity: 2 }] });
    expect(codeOf(() => planRefund(paid, [both], { lines: [{ lineId: 'a', quantity: 1 }] }))).toBe(
      'validation_failed',
    );
  });
});
