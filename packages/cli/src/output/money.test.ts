import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits } from './money.js';

describe('formatMoney', () => {
  it('uses the minor-unit exponent of each currency', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(formatMoney(1250, 'EUR')).toBe('12.50 EUR');
    expect(formatMoney(5, 'USD')).toBe('0.05 USD');
    expect(formatMoney(0, 'EUR')).toBe('0.00 EUR');
    expect(formatMoney(500, 'JPY')).toBe('500 JPY');
    expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD');
    expect(formatMoney(-250, 'EUR')).toBe('-2.50 EUR');
  });

  it('is exact for large amounts and tolerates odd input', () => {
    expect(formatMoney(1_000_000_000_001, 'EUR')).toBe('10000000000.01 EUR');
    expect(minorUnitDigits('not a currency')).toBe(2);
    expect(formatMoney(null, 'EUR')).toBe('-');
    expect(formatMoney(1.5, 'EUR')).toBe('1.5 EUR');
  });
});

describe('the copy of the SDK formatter', () => {
  it('answers exactly as the SDK (the daemon uses that one in emails)', async () => {
    const sdk = await import('@tillpoint/sdk/schemas');
    for (const [amount, currency] of [
      [1250, 'EUR'],
      [500, 'JPY'],
      [1234, 'KWD'],
      [-250, 'EUR'],
      [1_000_000_000_001, 'USD'],
    ] as const) {
      expect(formatMoney(amount, currency)).toBe(sdk.formatMoney(amount, currency));
    }
  });
});
