import type { TaxRate } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import type { ReadThroughCache } from '../../infra/cache/read-through-cache.js';
import type { TaxCalculator, TaxQuery, TaxRatesResult } from './tax-calculator.js';
import { resolveTaxRates } from './tax-rate-resolution.js';
import { taxRatesRepository, toTaxRate } from './tax-rates-repository.js';

/**
 * The built-in {@link TaxCalculator}: the admin-managed `tax_rates` of the cart's region, for the address's
 * subdivision (see `resolveTaxRates` for which rate wins). `regionRates` caches each region's rates for the
 * queries that allow it; the tax-rates service drops a region's entry whenever one of its rates changes.
 */
export function createTableTaxCalculator(deps: { regionRates: ReadThroughCache<TaxRate[]> }): TaxCalculator {
  return {
    async ratesFor(trx: Executor, query: TaxQuery): Promise<TaxRatesResult> {
      const subdivision = query.address?.subdivision?.toUpperCase() ?? null;
      const rates = query.cached
        ? await deps.regionRates.read(query.regionId, async () =>
            (await taxRatesRepository(trx).allInRegion(query.regionId)).map(toTaxRate),
          )
        : (await taxRatesRepository(trx).forAddress(query.regionId, subdivision)).map(toTaxRate);
      return resolveTaxRates(rates, subdivision, query.taxCategories);
    },
  };
}
