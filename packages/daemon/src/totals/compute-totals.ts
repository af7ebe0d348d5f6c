import { applyDiscounts } from './discount-application.js';
import { splitTax } from './tax.js';
import type { LineTotals, Totals, TotalsInput } from './totals-types.js';
import { assertPayable, assertValidTotalsInput } from './totals-validation.js';

/**
 * The totals of a cart or order: the one place checkout arithmetic happens (pure: no database, no I/O, no clock).
 *
 * 1. Each line's subtotal is `unitPrice × quantity`, in the region's convention (with tax when `pricesIncludeTax`).
 * 2. Discounts apply in `DISCOUNT_ORDER` (lines, subtotal, shipping; percentages before fixed amounts), each on what
 *    remains and capped at it, and are spread over lines by largest remainder.
 * 3. Tax is computed once per line on the discounted line, and once on the discounted shipping, rounded half up:
 *    `round(net × rate / 10000)` when prices exclude tax, `round(gross × rate / (10000 + rate))` when they include it.
 * 4. `grandTotal` is the sum of the line totals and the shipping total (all with tax).
 *
 * Throws `AppError('validation_failed')` naming the fields when the input is out of range or the grand total would
 * exceed MAX_AMOUNT.
 */
export function computeTotals(input: TotalsInput): Totals {
  assertValidTotalsInput(input);
  const { pricesIncludeTax } = input;
  const shippingSubtotal = input.shipping?.amount ?? 0;
  const shippingTaxRate = input.shipping?.taxRate ?? 0;
  const lineSubtotals = input.lines.map((line) => line.unitPrice * line.quantity);

  const outcome = applyDiscounts(
    input.lines.map((line) => line.id),
    lineSubtotals,
    shippingSubtotal,
    input.discounts ?? [],
  );

  const lines: LineTotals[] = input.lines.map((line, index) => {
    const subtotal = lineSubtotals[index]!;
    const discountTotal = outcome.lineDiscounts[index]!;
    const split = splitTax(subtotal - discountTotal, line.taxRate, pricesIncludeTax);
    return {
      id: line.id,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      taxRate: line.taxRate,
      subtotal,
      discountTotal,
      discounts: outcome.lineShares[index]!,
      netTotal: split.net,
      taxTotal: split.tax,
      total: split.gross,
    };
  });
  const shipping = splitTax(shippingSubtotal - outcome.shippingDiscount, shippingTaxRate, pricesIncludeTax);

  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const grandTotal = sum(lines.map((line) => line.total)) + shipping.gross;
  assertPayable(grandTotal);

  return {
    currency: input.currency,
    pricesIncludeTax,
    lines,
    subtotal: sum(lineSubtotals),
    discountTotal: sum(outcome.lineDiscounts),
    shippingSubtotal,
    shippingDiscountTotal: outcome.shippingDiscount,
    shippingTaxRate,
    shippingTaxTotal: shipping.tax,
    shippingTotal: shipping.gross,
    taxTotal: sum(lines.map((line) => line.taxTotal)) + shipping.tax,
    grandTotal,
    discounts: outcome.applied,
  };
}
