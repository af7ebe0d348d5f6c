import { mulDivRound } from './rounding.js';

/** Basis points in 100 %: a rate of 2000 bp is 20 %. */
export const BASIS_POINTS = 10_000;

/** An amount split into what is tax and what is not. */
export interface TaxSplit {
  /** The amount without tax. */
  net: number;
  /** The tax, rounded half up once. */
  tax: number;
  /** `net + tax`: what the customer pays. */
  gross: number;
}

/**
 * The tax of an amount at `rate` basis points, rounded half up, and the amount split into net and gross.
 * - Prices exclude tax: `amount` is net; `tax = round(net × rate / 10000)`.
 * - Prices include tax: `amount` is gross; `tax = round(gross × rate / (10000 + rate))`.
 *
 * E.g. `splitTax(1000, 2000, false)` is net 1000, tax 200, gross 1200; `splitTax(1200, 2000, true)` is net 1000,
 * tax 200, gross 1200.
 */
export function splitTax(amount: number, rate: number, pricesIncludeTax: boolean): TaxSplit {
  if (pricesIncludeTax) {
    const tax = mulDivRound(amount, rate, BASIS_POINTS + rate);
    return { net: amount - tax, tax, gross: amount };
  }
  const tax = mulDivRound(amount, rate, BASIS_POINTS);
  return { net: amount, tax, gross: amount + tax };
}
