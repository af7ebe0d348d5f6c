import { z } from 'zod';

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code in upper case, e.g. `EUR`. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in upper case, e.g. "EUR"')
  .refine((code) => ISO_4217.has(code), { message: 'is not an ISO 4217 currency code' });
export type Currency = z.infer<typeof CurrencySchema>;

/** Largest amount accepted anywhere, in minor units (10^12, far below 2^53, so sums stay exact). */
export const MAX_AMOUNT = 1_000_000_000_000;

/** An amount of money in minor units (cents): a non-negative integer, never a float. */
export const AmountSchema = z
  .number()
  .int('must be a whole number of minor units (e.g. cents), not a fraction')
  .min(0, 'must not be negative')
  .max(MAX_AMOUNT);

/** A strictly positive amount in minor units. */
export const PositiveAmountSchema = AmountSchema.min(1, 'must be at least 1 minor unit');

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD); 2 when unknown. */
export function minorUnitDigits(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return typeof digits === 'number' ? digits : 2;
  } catch {
    return 2;
  }
}

/**
 * An amount in minor units as money, e.g. `formatMoney(1250, 'EUR')` is `12.50 EUR` and `formatMoney(500, 'JPY')`
 * is `500 JPY`. Exact for any integer (no floating point); a non-integer is shown as given.
 */
export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '-';
  if (!Number.isSafeInteger(amount)) return `${amount} ${currency}`;
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text} ${currency}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)} ${currency}`;
}
