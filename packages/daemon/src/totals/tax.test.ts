import { describe, expect, it } from 'vitest';
import { splitTax } from './tax.js';

describe('splitTax', () => {
  it('adds tax to net prices', () => {
    expect(splitTax(1000, 2000, false)).toEqual({ net: 1000, tax: 200, gross: 1200 });
    expect(splitTax(5, 1000, false)).toEqual({ net: 5, tax: 1, gross: 6 }); // 0.5 rounds up
    expect(splitTax(1, 2000, false)).toEqual({ net: 1, tax: 0, gross: 1 });
    expect(splitTax(3598, 825, false)).toEqual({ net: 3598, tax: 297, gross: 3895 }); // 296.835
  });

  it('takes tax out of gross prices', () => {
    expect(splitTax(1200, 2000, true)).toEqual({ net: 1000, tax: 200, gross: 1200 });
    expect(splitTax(999, 2000, true)).toEqual({ net: 832, tax: 167, gross: 999 }); // 166.5 rounds up
    expect(splitTax(2500, 2000, true)).toEqual({ net: 2083, tax: 417, gross: 2500 }); // 416.67
  });

  it('takes no tax at rate 0', () => {
    expect(splitTax(999, 0, true)).toEqual({ net: 999, tax: 0, gross: 999 });
    expect(splitTax(999, 0, false)).toEqual({ net: 999, tax: 0, gross: 999 });
  });
});
