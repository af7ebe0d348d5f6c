import { describe, expect, it } from 'vitest';
import { parseItem } from './order-items.js';

describe('parseItem', () => {
  it('reads sku=qty, var_…=qty and prd_…=qty', () => {
    expect(parseItem('MUG-01=2')).toEqual({ sku: 'MUG-01', quantity: 2 });
    const id = `prd_${'0'.repeat(26)}`;
    expect(parseItem(`${id}=1`)).toEqual({ productId: id, quantity: 1 });
    const variantId = `var_${'1'.repeat(26)}`;
    expect(parseItem(`${variantId}=3`)).toEqual({ variantId, quantity: 3 });
    // Not an ID (lower case, too short): a SKU.
    expect(parseItem('var_1=1')).toEqual({ sku: 'var_1', quantity: 1 });
  });

  it('refuses anything else with a usage error', () => {
    for (const raw of ['MUG', 'MUG=', '=2', 'MUG=two', 'MUG=1.5']) {
      expect(() => parseItem(raw), raw).toThrow(expect.objectContaining({ code: 'usage_error' }));
    }
  });
});
