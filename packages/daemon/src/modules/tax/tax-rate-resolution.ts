import type { TaxRate } from '@tillpoint/sdk/schemas';
import type { AppliedTaxRate, TaxRatesResult } from './tax-calculator.js';

const applied = (rate: TaxRate): AppliedTaxRate => ({
  rateId: rate.id,
  name: rate.name,
  rateBps: rate.rateBps,
});

/**
 * Chooses among a region's rates for an address (pure). Rates never add up; the most specific one wins:
 * - a category's rate: its own for the subdivision, else its own region-wide, else the default;
 * - the default: the subdivision's rate without category, else the region-wide one without category;
 * - shipping: the default when it `appliesToShipping`; otherwise the first of the categories' rates (by category
 *   name) that does; otherwise untaxed.
 * Rates for another subdivision than `subdivision` are ignored.
 */
export function resolveTaxRates(
  rates: readonly TaxRate[],
  subdivision: string | null,
  taxCategories: readonly string[],
): TaxRatesResult {
  const pick = (category: string | null) =>
    rates.find((r) => r.taxCategory === category && subdivision !== null && r.subdivision === subdivision) ??
    rates.find((r) => r.taxCategory === category && r.subdivision === null);
  const fallback = pick(null);
  const byCategory: Record<string, AppliedTaxRate> = {};
  const chosen: TaxRate[] = [];
  for (const category of [...new Set(taxCategories)].sort()) {
    const rate = pick(category) ?? fallback;
    if (!rate) continue;
    byCategory[category] = applied(rate);
    chosen.push(rate);
  }
  const shipping = fallback?.appliesToShipping ? fallback : chosen.find((rate) => rate.appliesToShipping);
  return {
    byCategory,
    default: fallback ? applied(fallback) : null,
    shippingRate: shipping ? applied(shipping) : null,
  };
}
