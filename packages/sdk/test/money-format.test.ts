import { describe, expect, it } from 'vitest';
import { CURRENCY_EXPONENTS, formatMoney, minorUnitDigits } from '../src/schemas/money-format.js';

// `@tillpoint/sdk/money`: the one formatter of the daemon's emails, the SDK and the CLI.
describe('formatMoney', () => {
  it('uses the ISO 4217 minor-unit exponent of each currency', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(minorUnitDigits('CLF')).toBe(4);
    expect(formatMoney(1250, 'EUR')).toBe('12.50 EUR');
    expect(formatMoney(5, 'USD')).toBe('0.05 USD');
    expect(formatMoney(0, 'EUR')).toBe('0.00 EUR');
    expect(formatMoney(500, 'JPY')).toBe('500 JPY');
    expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD');
    expect(formatMoney(7, 'CLF')).toBe('0.0007 CLF');
    expect(formatMoney(-250, 'EUR')).toBe('-2.50 EUR');
    expect(formatMoney(-5, 'BHD')).toBe('-0.005 BHD');
  });

  it('does not depend on the ICU data of the runtime', () => {
    // ICU's display digits differ from ISO 4217 for some currencies (HUF and IDR 0, IQD 0); amounts are minor units
    // of the ISO exponent, so the table wins.
    expect(formatMoney(1250, 'HUF')).toBe('12.50 HUF');
    expect(formatMoney(1250, 'IDR')).toBe('12.50 IDR');
    expect(formatMoney(1250, 'IQD')).toBe('1.250 IQD');
    expect(formatMoney(1990, 'ISK')).toBe('1990 ISK');
    for (const [currency, digits] of Object.entries(CURRENCY_EXPONENTS))
      expect(minorUnitDigits(currency)).toBe(digits);
  });

  it('is exact for large amounts and tolerates odd input', () => {
    expect(formatMoney(1_000_000_000_001, 'EUR')).toBe('10000000000.01 EUR');
    expect(minorUnitDigits('not a currency')).toBe(2);
    expect(formatMoney(null, 'EUR')).toBe('-');
    expect(formatMoney(undefined, 'EUR')).toBe('-');
    expect(formatMoney(1.5, 'EUR')).toBe('1.5 EUR');
    expect(formatMoney(Number.MAX_SAFE_INTEGER + 2, 'EUR')).toBe(`${Number.MAX_SAFE_INTEGER + 2} EUR`);
  });
});
