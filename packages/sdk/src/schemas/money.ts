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

export { CURRENCY_EXPONENTS, formatMoney, minorUnitDigits } from './money-format.js';
