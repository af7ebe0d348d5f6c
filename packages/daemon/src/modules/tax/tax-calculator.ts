import type { Executor } from '../../db/database-types.js';

/** Where goods go, as far as tax cares: a country and, optionally, its ISO 3166-2 subdivision. */
export interface TaxAddress {
  /** ISO 3166-1 alpha-2, e.g. `US`. */
  countryCode: string;
  /** ISO 3166-2, e.g. `US-CA`; null or absent when unknown. */
  subdivision?: string | null;
}

/** One rate chosen for a cart. */
export interface AppliedTaxRate {
  /** The `txr_…` rate it came from (an external service may give its own reference). */
  rateId: string;
  name: string;
  /** Basis points: 2000 = 20 %. */
  rateBps: number;
}

/** The rates a cart's lines and shipping are taxed at. */
export interface TaxRatesResult {
  /**
   * One entry per requested tax category: its own rate, else the default one; absent when neither exists (the
   * line is untaxed).
   */
  byCategory: Record<string, AppliedTaxRate>;
  /** The rate of lines without a tax category; null when the region has none for the address (untaxed). */
  default: AppliedTaxRate | null;
  /** The rate shipping is taxed at; null when shipping is untaxed. */
  shippingRate: AppliedTaxRate | null;
}

/** What a calculator is asked: the cart's region, the address tax follows, and the categories its lines carry. */
export interface TaxQuery {
  regionId: string;
  /** The address rates are looked up by: pick it with {@link taxAddressOf}. Null: region-wide rates only. */
  address: TaxAddress | null;
  /** The distinct `taxCategory` values of the cart's variants (lines without one use `default`). */
  taxCategories: readonly string[];
  /**
   * True when the answer only shows a cart (a cached copy of the rates will do); absent or false when it decides
   * what is charged, which must read the rates in the caller's transaction.
   */
  cached?: boolean;
}

/**
 * Finds the tax rates for a cart. The built-in implementation reads the `tax_rates` table
 * (`table-tax-calculator.ts`); an external tax service would be another implementation of this interface, chosen by
 * the composition root, with no change to checkout.
 */
export interface TaxCalculator {
  /** Runs inside the caller's transaction, so a cart is priced from one snapshot. */
  ratesFor(trx: Executor, query: TaxQuery): Promise<TaxRatesResult>;
}

/** Rates follow the shipping address, falling back to the billing address; null when the cart has neither. */
export function taxAddressOf(addresses: {
  shippingAddress?: TaxAddress | null | undefined;
  billingAddress?: TaxAddress | null | undefined;
}): TaxAddress | null {
  return addresses.shippingAddress ?? addresses.billingAddress ?? null;
}
