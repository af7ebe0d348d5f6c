import type { Executor } from '../../db/database-types.js';
import type { TaxCalculator, TaxQuery, TaxRatesResult } from './tax-calculator.js';
import { resolveTaxRates } from './tax-rate-resolution.js';
import { taxRatesRepository, toTaxRate } from './tax-rates-repository.js';

/**
 * The built-in {@link TaxCalculator}: the admin-managed `tax_rates` of the cart's region, for the address's
 * subdivision (see `resolveTaxRates` for which rate wins).
 */
export function createTableTaxCalculator(): TaxCalculator {
  return {
    async ratesFor(trx: Executor, query: TaxQuery): Promise<TaxRatesResult> {
      const subdivision = query.address?.subdivision?.toUpperCase() ?? null;
      const rows = await taxRatesRepository(trx).forAddress(query.regionId, subdivision);
      return resolveTaxRates(rows.map(toTaxRate), subdivision, query.taxCategories);
    },
  };
}
