// The same formatter as the SDK's `formatMoney` (used by the daemon's emails). The CLI keeps its own copy because no
// CLI module may import the SDK statically (start-up time; see test/manifest.test.ts); money.test.ts pins the two
// to the same answers.
/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD); 2 when unknown. */
export function minorUnitDigits(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return typeof digits === 'number' ? digits : 2;
  } catch {
    return 2;
  }
}

/**
 * An amount in minor units as money, e.g. `formatMoney(1250, 'EUR')` is `12.50 EUR` and `formatMoney(500, 'JPY')`
 * is `500 JPY`. Exact for any integer (no floating point); a non-integer is shown as given.
 */
export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '-';
  if (!Number.isSafeInteger(amount)) return `${amount} ${currency}`;
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text} ${currency}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)} ${currency}`;
}
