import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.js';
import { computeTotals } from './compute-totals.js';
import { planRefund, refundableAmounts } from './refunds.js';
import { BASIS_POINTS } from './tax.js';
import type { DiscountEffect, RefundPlan, RefundRequest, Totals, TotalsInput } from './totals-types.js';

// TOTALS_PROPERTY_RUNS raises the runs for a deeper search (e.g. 50000) without editing the file.
const RUNS = Number(process.env.TOTALS_PROPERTY_RUNS ?? 1000);
const CURRENCIES = ['JPY', 'USD', 'EUR', 'KWD', 'BHD', 'CLF'];
const rate = fc.oneof(
  fc.constantFrom(0, 500, 550, 825, 1000, 1900, 2000, 2700),
  fc.integer({ min: 0, max: 5000 }),
);
const price = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 50_000_000 }));

const discount = (lineIds: string[]): fc.Arbitrary<DiscountEffect> =>
  fc
    .record({
      id: fc.constantFrom('p1', 'p2', 'p3'),
      kind: fc.constantFrom('percentage', 'fixed'),
      percentage: fc.oneof(
        fc.constantFrom(0, 1000, 3333, 5000, 10_000),
        fc.integer({ min: 0, max: BASIS_POINTS }),
      ),
      fixed: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 100_000_000 })),
      target: fc.constantFrom('subtotal', 'lines', 'shipping'),
      lineIds: fc.subarray(lineIds),
    })
    .map(({ id, kind, percentage, fixed, target, lineIds: targeted }) => {
      const value = kind === 'percentage' ? percentage : fixed;
      return target === 'lines'
        ? { id, kind, value, target, lineIds: targeted }
        : { id, kind, value, target: target as 'subtotal' | 'shipping' };
    });

/** Random carts: 0–8 lines, several rates, optional shipping, 0–4 promotions of every kind and target. */
const cartInput: fc.Arbitrary<TotalsInput> = fc
  .array(fc.record({ unitPrice: price, quantity: fc.integer({ min: 1, max: 20 }), taxRate: rate }), {
    maxLength: 8,
  })
  .chain((lines) => {
    const ids = lines.map((_, index) => `line_${index}`);
    return fc.record({
      currency: fc.constantFrom(...CURRENCIES),
      pricesIncludeTax: fc.boolean(),
      lines: fc.constant(lines.map((line, index) => ({ id: ids[index]!, ...line }))),
      shipping: fc.option(fc.record({ amount: fc.integer({ min: 0, max: 100_000 }), taxRate: rate })),
      discounts: fc.array(discount(ids), { maxLength: 4 }),
    });
  });

function amountsOf(totals: Totals): number[] {
  const { currency: _c, pricesIncludeTax: _p, lines, discounts, ...top } = totals;
  return [
    ...Object.values(top),
    ...lines.flatMap((line) => [
      line.subtotal,
      line.discountTotal,
      line.netTotal,
      line.taxTotal,
      line.total,
      ...line.discounts.map((share) => share.amount),
    ]),
    ...discounts.map((applied) => applied.amount),
  ];
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('totals properties', () => {
  it('no amount is negative, and every amount is a safe integer', () => {
    fc.assert(
      fc.property(cartInput, (input) => {
        const bad = amountsOf(computeTotals(input)).filter(
          (amount) => !Number.isSafeInteger(amount) || amount < 0,
        );
        expect(bad).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('the grand total is the line totals plus shipping (plus tax when prices exclude it)', () => {
    fc.assert(
      fc.property(cartInput, (input) => {
        const totals = computeTotals(input);
        expect(totals.grandTotal).toBe(sum(totals.lines.map((line) => line.total)) + totals.shippingTotal);
        const beforeTax =
          totals.subtotal - totals.discountTotal + totals.shippingSubtotal - totals.shippingDiscountTotal;
        expect(totals.grandTotal).toBe(beforeTax + (input.pricesIncludeTax ? 0 : totals.taxTotal));
        expect(totals.taxTotal).toBe(
          sum(totals.lines.map((line) => line.taxTotal)) + totals.shippingTaxTotal,
        );
        for (const line of totals.lines) {
          expect(line.total).toBe(line.netTotal + line.taxTotal);
          expect(input.pricesIncludeTax ? line.total : line.netTotal).toBe(
            line.subtotal - line.discountTotal,
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('allocated discounts sum exactly to the discount total, and no discount exceeds what it applies to', () => {
    fc.assert(
      fc.property(cartInput, (input) => {
        const totals = computeTotals(input);
        expect(sum(totals.lines.map((line) => line.discountTotal))).toBe(totals.discountTotal);
        expect(sum(totals.discounts.map((applied) => applied.amount))).toBe(
          totals.discountTotal + totals.shippingDiscountTotal,
        );
        for (const line of totals.lines) {
          expect(sum(line.discounts.map((share) => share.amount))).toBe(line.discountTotal);
          expect(line.discountTotal).toBeLessThanOrEqual(line.subtotal);
        }
        expect(totals.shippingDiscountTotal).toBeLessThanOrEqual(totals.shippingSubtotal);
        // Each effect's shares over the lines add up to what it took.
        totals.discounts.forEach((applied, index) => {
          if (applied.kind === 'fixed') expect(applied.amount).toBeLessThanOrEqual(applied.value);
          if (applied.target === 'shipping') return;
          const alone = computeTotals({ ...input, discounts: ordered(input).slice(0, index + 1) });
          const before =
            index === 0 ? 0 : computeTotals({ ...input, discounts: ordered(input).slice(0, index) });
          const taken = alone.discountTotal - (before === 0 ? 0 : before.discountTotal);
          expect(taken).toBe(applied.amount);
        });
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('tax-inclusive and tax-exclusive carts with equivalent prices differ by at most one minor unit per line', () => {
    // Net prices that are a multiple of 10000 / gcd(10000, rate) have an exact gross price at that rate.
    const taxedPrice = rate.chain((taxRate) =>
      fc.integer({ min: 0, max: 20_000 }).map((k) => {
        const net = k * (BASIS_POINTS / gcd(BASIS_POINTS, taxRate));
        return { taxRate, net, gross: (net * (BASIS_POINTS + taxRate)) / BASIS_POINTS };
      }),
    );
    const percentageOnly = (ids: string[]) =>
      fc.array(
        discount(ids).map((effect) => ({
          ...effect,
          kind: 'percentage' as const,
          value: effect.value % 10_001,
        })),
        { maxLength: 4 },
      );
    const pair = fc
      .array(fc.record({ price: taxedPrice, quantity: fc.integer({ min: 1, max: 20 }) }), { maxLength: 8 })
      .chain((lines) => {
        const ids = lines.map((_, index) => `line_${index}`);
        return fc.record({
          lines: fc.constant(lines.map((line, index) => ({ id: ids[index]!, ...line }))),
          shipping: fc.option(taxedPrice),
          discounts: percentageOnly(ids),
          currency: fc.constantFrom(...CURRENCIES),
        });
      });
    fc.assert(
      fc.property(pair, ({ lines, shipping, discounts, currency }) => {
        const cart = (pricesIncludeTax: boolean) =>
          computeTotals({
            currency,
            pricesIncludeTax,
            lines: lines.map((line) => ({
              id: line.id,
              quantity: line.quantity,
              taxRate: line.price.taxRate,
              unitPrice: pricesIncludeTax ? line.price.gross : line.price.net,
            })),
            shipping: shipping && {
              amount: pricesIncludeTax ? shipping.gross : shipping.net,
              taxRate: shipping.taxRate,
            },
            discounts,
          });
        const inclusive = cart(true);
        const exclusive = cart(false);
        // One unit per priced line (shipping counts as one). Each promotion's amount is rounded once, net in one
        // cart and gross in the other, so each promotion stacked on another may add one more.
        const priced = lines.length + (shipping ? 1 : 0);
        const stacked = Math.max(0, discounts.length - 1);
        expect(Math.abs(inclusive.grandTotal - exclusive.grandTotal)).toBeLessThanOrEqual(priced + stacked);
        if (discounts.length === 0) {
          // Without discounts each line's gross is exact in both, so they agree to the unit.
          expect(inclusive.grandTotal).toBe(exclusive.grandTotal);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('any sequence of partial refunds never exceeds what was paid, per line and in total', () => {
    const refundStep = fc.oneof(
      fc.record({ line: fc.nat(7), quantity: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ line: fc.nat(7), amount: fc.integer({ min: 1, max: 5_000_000 }) }),
      fc.record({ shipping: fc.option(fc.integer({ min: 1, max: 50_000 })) }),
      fc.record({ order: fc.integer({ min: 1, max: 10_000_000 }) }),
    );
    fc.assert(
      fc.property(cartInput, fc.array(refundStep, { maxLength: 10 }), (input, steps) => {
        const paid = computeTotals(input);
        const history: RefundPlan[] = [];
        for (const step of steps) {
          const lineId =
            'line' in step ? paid.lines[step.line % Math.max(1, paid.lines.length)]?.id : undefined;
          let request: RefundRequest;
          if ('quantity' in step)
            request = { lines: [{ lineId: lineId ?? 'none', quantity: step.quantity }] };
          else if ('amount' in step) request = { lines: [{ lineId: lineId ?? 'none', amount: step.amount }] };
          else if ('shipping' in step)
            request = { shipping: step.shipping === null ? {} : { amount: step.shipping } };
          else request = { amount: step.order };
          try {
            history.push(planRefund(paid, history, request));
          } catch (error) {
            // Asking for more than remains is refused, never capped into something else.
            expect(error).toBeInstanceOf(AppError);
          }
          checkWithinPaid(paid, history);
        }
        // Whatever happened, refunding what remains returns exactly what was paid.
        const rest = refundableAmounts(paid, history);
        if (rest.amount > 0) history.push(planRefund(paid, history, { amount: rest.amount }));
        checkWithinPaid(paid, history);
        expect(sum(history.map((plan) => plan.amount))).toBe(paid.grandTotal);
        expect(sum(history.map((plan) => plan.taxAmount))).toBe(paid.taxTotal);
      }),
      { numRuns: RUNS / 2 },
    );
    // Each run replays up to ten refunds; a generous timeout keeps a busy CI machine from failing it.
  }, 120_000);
});

function checkWithinPaid(paid: Totals, history: readonly RefundPlan[]) {
  for (const line of paid.lines) {
    const parts = history.flatMap((plan) => plan.lines.filter((part) => part.lineId === line.id));
    for (const part of parts) {
      expect(Math.min(part.amount, part.taxAmount, part.quantity)).toBeGreaterThanOrEqual(0);
      expect(part.taxAmount).toBeLessThanOrEqual(part.amount);
    }
    expect(sum(parts.map((part) => part.amount))).toBeLessThanOrEqual(line.total);
    expect(sum(parts.map((part) => part.taxAmount))).toBeLessThanOrEqual(line.taxTotal);
    expect(sum(parts.map((part) => part.quantity))).toBeLessThanOrEqual(line.quantity);
  }
  const shipping = history.map((plan) => plan.shipping);
  expect(Math.min(0, ...shipping.map((part) => Math.min(part.amount, part.taxAmount)))).toBe(0);
  expect(sum(shipping.map((part) => part.amount))).toBeLessThanOrEqual(paid.shippingTotal);
  expect(sum(shipping.map((part) => part.taxAmount))).toBeLessThanOrEqual(paid.shippingTaxTotal);
  expect(sum(history.map((plan) => plan.amount))).toBeLessThanOrEqual(paid.grandTotal);
  expect(sum(history.map((plan) => plan.taxAmount))).toBeLessThanOrEqual(paid.taxTotal);
}

function ordered(input: TotalsInput): DiscountEffect[] {
  const rank = { lines: 0, subtotal: 1, shipping: 2 } as const;
  const kindRank = { percentage: 0, fixed: 1 } as const;
  return [...(input.discounts ?? [])].sort(
    (a, b) => rank[a.target] * 2 + kindRank[a.kind] - (rank[b.target] * 2 + kindRank[b.kind]),
  );
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
