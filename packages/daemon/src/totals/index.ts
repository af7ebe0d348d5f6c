/**
 * The totals engine: all checkout arithmetic, pure (no database, no I/O). Carts, order completion, refunds and emails
 * call it, so a total reads the same everywhere.
 *
 * Rules (docs/checkout.md, "Totals rules"; ADR-034):
 * - Amounts are integers in minor units; rates are basis points (2000 = 20 %).
 * - One rounding rule, half up to the minor unit, applied once per derived amount: a percentage discount, each line's
 *   tax, the shipping tax, a unit share of a refund.
 * - Discounts apply lines → subtotal → shipping, percentages before fixed amounts, each capped at what remains, and
 *   are allocated to lines in proportion by largest remainder.
 * - Tax is per line on the discounted line (and on the discounted shipping): `round(net × r / 10000)` when prices
 *   exclude tax, `round(gross × r / (10000 + r))` when they include it.
 * - Refunds return what was paid for a line, never more, per line, on shipping and in total.
 */
export { computeTotals } from './compute-totals.js';
export { allocateProportionally } from './discount-allocation.js';
export { DISCOUNT_KIND_ORDER, DISCOUNT_ORDER, orderDiscounts } from './discount-application.js';
export { planRefund, refundableAmounts } from './refunds.js';
export { divideRoundHalfUp, mulDivRound } from './rounding.js';
export { BASIS_POINTS, splitTax, type TaxSplit } from './tax.js';
export type * from './totals-types.js';
export { MAX_TAX_RATE } from './totals-validation.js';
