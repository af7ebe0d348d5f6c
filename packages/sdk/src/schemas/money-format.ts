// No zod here: the CLI imports this file alone (`@tillpoint/sdk/money`) to format amounts without loading schemas.

/**
 * ISO 4217 minor-unit exponents that differ from 2 (the ISO 4217 list, amendment 177). One table for the daemon,
 * the SDK's money formatting and the CLI, so an amount means the same everywhere whatever ICU data a runtime ships.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD); 2 when unlisted. */
export function minorUnitDigits(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? 2;
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
