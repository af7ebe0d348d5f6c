import { AppError } from '../core/app-error.js';
import { allocateProportionally } from './discount-allocation.js';
import { mulDivRound } from './rounding.js';
import type {
  PaidBreakdown,
  Refundable,
  RefundLinePart,
  RefundPlan,
  RefundRecord,
  RefundRequest,
  RefundShippingPart,
} from './totals-types.js';

interface LineState {
  readonly lineId: string;
  readonly paidQuantity: number;
  readonly paidAmount: number;
  readonly paidTax: number;
  units: number;
  amount: number;
  tax: number;
}

interface ShippingState {
  readonly paidAmount: number;
  readonly paidTax: number;
  amount: number;
  tax: number;
}

/**
 * What is still refundable on each line and on shipping after a history of refunds: units not yet returned, the
 * amount and the tax in it. Refunds recorded against lines the breakdown does not have are ignored.
 */
export function refundableAmounts(paid: PaidBreakdown, history: readonly RefundRecord[]): Refundable {
  const { lines, shipping } = replay(paid, history);
  const parts = lines.map((line) => ({
    lineId: line.lineId,
    quantity: Math.max(0, line.paidQuantity - line.units),
    amount: Math.max(0, line.paidAmount - line.amount),
    taxAmount: Math.max(0, line.paidTax - line.tax),
  }));
  const shippingPart = {
    amount: Math.max(0, shipping.paidAmount - shipping.amount),
    taxAmount: Math.max(0, shipping.paidTax - shipping.tax),
  };
  return {
    lines: parts,
    shipping: shippingPart,
    amount: parts.reduce((sum, part) => sum + part.amount, shippingPart.amount),
    taxAmount: parts.reduce((sum, part) => sum + part.taxAmount, shippingPart.taxAmount),
  };
}

/**
 * What a refund returns, given what was paid and the refunds before it. Nothing is ever refunded twice: per line,
 * on shipping and in total, the history plus this plan never exceed what was paid.
 * - `{ lineId, quantity }` refunds what was paid for those units: the line's total shared by units with cumulative
 *   rounding (`round(total × unitsAfter / quantity) − round(total × unitsBefore / quantity)`, half up), so returning
 *   every unit one by one refunds exactly the line's total; capped at what the line still has (after refunds by
 *   amount). A discounted line refunds its discounted price, never more.
 * - `{ lineId, amount }` refunds that amount of the line without returning units.
 * - `shipping: {}` refunds the shipping that remains, `shipping: { amount }` part of it.
 * - `amount` is spread over everything still refundable after the parts above, in proportion (largest remainder).
 *
 * The tax in each part is the paid tax shared cumulatively by amount (`round(tax × refundedAfter / total)` minus what
 * earlier refunds took), so a full refund returns exactly the tax paid.
 *
 * Throws `AppError('validation_failed')` for an unknown line, zero or too many units, or a zero amount, and
 * `AppError('amount_exceeds_captured')` when an amount exceeds what remains refundable.
 */
export function planRefund(
  paid: PaidBreakdown,
  history: readonly RefundRecord[],
  request: RefundRequest,
): RefundPlan {
  const { lines, shipping } = replay(paid, history);
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  const taken = new Map<string, { quantity: number; amount: number; taxAmount: number }>();
  const take = (line: LineState, quantity: number, amount: number) => {
    const taxAmount = shareTax(line.paidTax, line.paidAmount, line.amount, amount, line.tax);
    line.units += quantity;
    line.amount += amount;
    line.tax += taxAmount;
    const part = taken.get(line.lineId) ?? { quantity: 0, amount: 0, taxAmount: 0 };
    taken.set(line.lineId, {
      quantity: part.quantity + quantity,
      amount: part.amount + amount,
      taxAmount: part.taxAmount + taxAmount,
    });
  };

  (request.lines ?? []).forEach((part, index) => {
    const at = `lines.${index}`;
    const line = byId.get(part.lineId);
    if (!line) throw invalid(`${at}.lineId`, `is not a line of this order: ${part.lineId}`);
    const left = line.paidAmount - line.amount;
    if ('quantity' in part) {
      const unitsLeft = line.paidQuantity - line.units;
      if (!Number.isSafeInteger(part.quantity) || part.quantity < 1 || part.quantity > unitsLeft) {
        throw invalid(
          `${at}.quantity`,
          `must be a whole number from 1 to ${unitsLeft} (units not yet returned)`,
        );
      }
      const before = mulDivRound(line.paidAmount, line.units, line.paidQuantity);
      const after = mulDivRound(line.paidAmount, line.units + part.quantity, line.paidQuantity);
      take(line, part.quantity, Math.max(0, Math.min(after - before, left)));
    } else {
      assertAmount(part.amount, left, `${at}.amount`);
      take(line, 0, part.amount);
    }
  });

  let shippingAmount = 0;
  let shippingTax = 0;
  const takeShipping = (amount: number) => {
    const taxAmount = shareTax(shipping.paidTax, shipping.paidAmount, shipping.amount, amount, shipping.tax);
    shipping.amount += amount;
    shipping.tax += taxAmount;
    shippingAmount += amount;
    shippingTax += taxAmount;
  };
  if (request.shipping) {
    const left = shipping.paidAmount - shipping.amount;
    const amount = request.shipping.amount ?? left;
    if (request.shipping.amount !== undefined) assertAmount(amount, left, 'shipping.amount');
    takeShipping(amount);
  }

  if (request.amount !== undefined) {
    const weights = [
      ...lines.map((line) => line.paidAmount - line.amount),
      shipping.paidAmount - shipping.amount,
    ];
    const left = weights.reduce((sum, weight) => sum + weight, 0);
    assertAmount(request.amount, left, 'amount');
    const parts = allocateProportionally(request.amount, weights);
    lines.forEach((line, index) => {
      if (parts[index]! > 0) take(line, 0, parts[index]!);
    });
    if (parts[lines.length]! > 0) takeShipping(parts[lines.length]!);
  }

  const lineParts: RefundLinePart[] = [...taken].map(([lineId, part]) => ({ lineId, ...part }));
  const shippingPart: RefundShippingPart = { amount: shippingAmount, taxAmount: shippingTax };
  return {
    lines: lineParts,
    shipping: shippingPart,
    amount: lineParts.reduce((sum, part) => sum + part.amount, shippingAmount),
    taxAmount: lineParts.reduce((sum, part) => sum + part.taxAmount, shippingTax),
  };
}

/** The state of every line and of shipping after the history. */
function replay(paid: PaidBreakdown, history: readonly RefundRecord[]) {
  const lines: LineState[] = paid.lines.map((line) => ({
    lineId: line.id,
    paidQuantity: line.quantity,
    paidAmount: line.total,
    paidTax: line.taxTotal,
    units: 0,
    amount: 0,
    tax: 0,
  }));
  const byId = new Map(lines.map((line) => [line.lineId, line]));
  const shipping: ShippingState = {
    paidAmount: paid.shippingTotal,
    paidTax: paid.shippingTaxTotal,
    amount: 0,
    tax: 0,
  };
  for (const record of history) {
    for (const part of record.lines) {
      const line = byId.get(part.lineId);
      if (!line) continue;
      line.units += part.quantity;
      line.amount += part.amount;
      line.tax += part.taxAmount;
    }
    shipping.amount += record.shipping.amount;
    shipping.tax += record.shipping.taxAmount;
  }
  return { lines, shipping };
}

/** The tax in `amount` refunded after `refundedBefore` of `paidAmount`, shared cumulatively and capped at what is left. */
function shareTax(
  paidTax: number,
  paidAmount: number,
  refundedBefore: number,
  amount: number,
  taxBefore: number,
) {
  if (paidAmount === 0 || amount === 0) return 0;
  const cumulative = mulDivRound(paidTax, Math.min(paidAmount, refundedBefore + amount), paidAmount);
  return Math.max(0, Math.min(cumulative - taxBefore, paidTax - taxBefore));
}

function assertAmount(amount: number, left: number, path: string): void {
  if (!Number.isSafeInteger(amount) || amount < 1)
    throw invalid(path, 'must be a whole number of minor units ≥ 1');
  if (amount > left) {
    throw new AppError('amount_exceeds_captured', {
      detail: `${path} is ${amount} minor units but only ${left} remain refundable.`,
      errors: [{ path, message: `must not exceed ${left}, what remains refundable` }],
    });
  }
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', { errors: [{ path, message }] });
}
