import type { TaxRate } from '@tillpoint/sdk/schemas';
import { describe, expect, it } from 'vitest';
import { resolveTaxRates } from './tax-rate-resolution.js';

let n = 0;
function rate(fields: Partial<TaxRate>): TaxRate {
  n++;
  return {
    id: `txr_${String(n).padStart(26, '0')}`,
    object: 'tax_rate',
    regionId: 'reg_01ARZ3NDEKTSV4RRFFQ69G5FAV',
    name: `rate ${n}`,
    subdivision: null,
    taxCategory: null,
    rateBps: 0,
    appliesToShipping: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

describe('resolveTaxRates', () => {
  const region = rate({ rateBps: 600, appliesToShipping: true });
  const state = rate({ subdivision: 'US-CA', rateBps: 725 });
  const food = rate({ taxCategory: 'food', rateBps: 100 });
  const stateFood = rate({ subdivision: 'US-CA', taxCategory: 'food', rateBps: 0, appliesToShipping: true });
  const all = [region, state, food, stateFood];

  it('prefers the subdivision over the region and the category over the default', () => {
    const result = resolveTaxRates(all, 'US-CA', ['food', 'toys']);
    expect(result.default?.rateId).toBe(state.id);
    expect(result.byCategory.food?.rateId).toBe(stateFood.id);
    expect(result.byCategory.toys?.rateId).toBe(state.id);
    // The default does not tax shipping; the first category rate that does is used.
    expect(result.shippingRate?.rateId).toBe(stateFood.id);
  });

  it('uses region-wide rates without a subdivision, and ignores other subdivisions', () => {
    const result = resolveTaxRates(all, null, ['food']);
    expect(result.default?.rateId).toBe(region.id);
    expect(result.byCategory.food?.rateId).toBe(food.id);
    expect(result.shippingRate?.rateId).toBe(region.id);
    expect(resolveTaxRates(all, 'US-NY', []).default?.rateId).toBe(region.id);
  });

  it('leaves lines and shipping untaxed when the region has no rate', () => {
    expect(resolveTaxRates([], 'US-CA', ['food'])).toEqual({
      byCategory: {},
      default: null,
      shippingRate: null,
    });
    const onlyFood = resolveTaxRates([food], null, ['food', 'toys']);
    expect(Object.keys(onlyFood.byCategory)).toEqual(['food']);
    expect(onlyFood.shippingRate).toBeNull();
  });
});
