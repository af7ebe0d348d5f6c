import { describe, expect, it } from 'vitest';
import { parsePrices, parseProductOptions, parseVariantOptions } from './catalog-flags.js';

const usageError = expect.objectContaining({ code: 'usage_error', options: { exitCode: 2 } });

describe('parsePrices', () => {
  it('reads CURRENCY:amount pairs, upper-casing the currency', () => {
    expect(parsePrices(['EUR:1999', 'usd:2199', 'JPY:0'])).toEqual([
      { currency: 'EUR', amount: 1999 },
      { currency: 'USD', amount: 2199 },
      { currency: 'JPY', amount: 0 },
    ]);
    expect(parsePrices(undefined)).toBeUndefined();
    expect(parsePrices([])).toBeUndefined();
  });

  it('refuses malformed prices and a currency given twice', () => {
    for (const raw of ['1999', 'EUR', 'EUR:', 'EUR:19.99', 'EURO:1', 'EUR:-1', ':1999', 'EUR=1999']) {
      expect(() => parsePrices([raw]), raw).toThrow(usageError);
    }
    expect(() => parsePrices(['EUR:1', 'eur:2'])).toThrow(/EUR twice/);
  });
});

describe('parseVariantOptions', () => {
  it('reads name=value pairs', () => {
    expect(parseVariantOptions(['Size=M', 'Colour = dark blue'])).toEqual({ Size: 'M', Colour: 'dark blue' });
    expect(parseVariantOptions(['Fit=a=b'])).toEqual({ Fit: 'a=b' });
    expect(parseVariantOptions(undefined)).toBeUndefined();
  });

  it('refuses a missing name or value and a repeated name', () => {
    for (const raw of ['Size', '=M', 'Size=', ' =M'])
      expect(() => parseVariantOptions([raw]), raw).toThrow(usageError);
    expect(() => parseVariantOptions(['Size=M', 'Size=L'])).toThrow(/Size twice/);
  });
});

describe('parseProductOptions', () => {
  it('reads name=value,value… definitions in order', () => {
    expect(parseProductOptions(['Size=S,M, L', 'Colour=red'])).toEqual([
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['red'] },
    ]);
    expect(parseProductOptions([])).toBeUndefined();
  });

  it('refuses empty values and a repeated name', () => {
    for (const raw of ['Size', 'Size=', 'Size=S,,M', '=S,M'])
      expect(() => parseProductOptions([raw]), raw).toThrow(usageError);
    expect(() => parseProductOptions(['Size=S', 'Size=M'])).toThrow(/Size twice/);
  });
});
