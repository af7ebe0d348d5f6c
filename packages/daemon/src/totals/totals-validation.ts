import { type FieldError, MAX_AMOUNT } from '@tillpoint/sdk/schemas';
import { AppError } from '../core/app-error.js';
import { BASIS_POINTS } from './tax.js';
import type { TotalsInput } from './totals-types.js';

/** Highest tax rate the engine accepts, in basis points (1000 %). */
export const MAX_TAX_RATE = 100_000;

/**
 * Checks an input before any arithmetic, so the engine's answers stay safe integers within MAX_AMOUNT. Callers
 * validate their own requests first; reaching this is still a 422 (`validation_failed`) that names each field, never
 * a 500.
 */
export function assertValidTotalsInput(input: TotalsInput): void {
  const errors: FieldError[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) errors.push({ path, message });
  };
  const isAmount = (value: number) => Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT;
  const isRate = (value: number) => Number.isSafeInteger(value) && value >= 0 && value <= MAX_TAX_RATE;

  check(/^[A-Z]{3}$/.test(input.currency), 'currency', 'must be a three-letter ISO 4217 code in upper case');
  const ids = new Set<string>();
  input.lines.forEach((line, index) => {
    const at = `lines.${index}`;
    check(
      line.id.length > 0 && !ids.has(line.id),
      `${at}.id`,
      'must be a non-empty ID unique among the lines',
    );
    ids.add(line.id);
    check(
      isAmount(line.unitPrice),
      `${at}.unitPrice`,
      `must be a whole number of minor units from 0 to ${MAX_AMOUNT}`,
    );
    check(
      Number.isSafeInteger(line.quantity) && line.quantity >= 1,
      `${at}.quantity`,
      'must be a whole number ≥ 1',
    );
    check(isRate(line.taxRate), `${at}.taxRate`, `must be whole basis points from 0 to ${MAX_TAX_RATE}`);
    if (isAmount(line.unitPrice) && Number.isSafeInteger(line.quantity)) {
      check(
        line.unitPrice * line.quantity <= MAX_AMOUNT,
        at,
        `unit price × quantity must not exceed ${MAX_AMOUNT}`,
      );
    }
  });
  const subtotal = input.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  // Keeps every sum the engine forms a safe integer, whatever the number of lines.
  check(
    errors.length > 0 || subtotal <= MAX_AMOUNT,
    'lines',
    `the subtotal must not exceed ${MAX_AMOUNT} minor units`,
  );
  if (input.shipping) {
    check(
      isAmount(input.shipping.amount),
      'shipping.amount',
      `must be a whole number from 0 to ${MAX_AMOUNT}`,
    );
    check(
      isRate(input.shipping.taxRate),
      'shipping.taxRate',
      `must be whole basis points from 0 to ${MAX_TAX_RATE}`,
    );
  }
  (input.discounts ?? []).forEach((discount, index) => {
    const at = `discounts.${index}`;
    if (discount.kind === 'percentage') {
      check(
        Number.isSafeInteger(discount.value) && discount.value >= 0 && discount.value <= BASIS_POINTS,
        `${at}.value`,
        `a percentage must be whole basis points from 0 to ${BASIS_POINTS}`,
      );
    } else {
      check(
        isAmount(discount.value),
        `${at}.value`,
        `a fixed amount must be whole minor units from 0 to ${MAX_AMOUNT}`,
      );
    }
    if (discount.target === 'lines') {
      discount.lineIds.forEach((lineId, lineIndex) => {
        check(ids.has(lineId), `${at}.lineIds.${lineIndex}`, `is not a line of this cart: ${lineId}`);
      });
    }
  });
  if (errors.length > 0) throw new AppError('validation_failed', { errors });
}

/** Refuses an answer whose grand total exceeds MAX_AMOUNT (tax can lift a total past the largest payable amount). */
export function assertPayable(grandTotal: number): void {
  if (grandTotal > MAX_AMOUNT) {
    throw new AppError('validation_failed', {
      detail: `The total (${grandTotal} minor units) exceeds the largest amount accepted (${MAX_AMOUNT}).`,
      errors: [{ path: 'lines', message: `the grand total must not exceed ${MAX_AMOUNT} minor units` }],
    });
  }
}
