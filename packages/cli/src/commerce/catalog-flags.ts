import type { Price, ProductOption } from '@tillpoint/sdk';
import { CliFailure, EXIT } from '../output/describe-error.js';

const usage = (message: string) => new CliFailure(message, 'usage_error', { exitCode: EXIT.usage });

/** `--price EUR:1999` (repeatable) as a price list; the currency is upper-cased. One price per currency. */
export function parsePrices(values: string[] | undefined): Price[] | undefined {
  if (!values || values.length === 0) return undefined;
  const prices: Price[] = [];
  for (const raw of values) {
    const match = /^([A-Za-z]{3}):(\d+)$/.exec(raw.trim());
    if (!match) {
      throw usage(`Invalid --price "${raw}": expected CURRENCY:minor-units, e.g. EUR:1999 for 19.99 EUR.`);
    }
    const [, code, amount] = match as unknown as [string, string, string];
    const currency = code.toUpperCase();
    if (prices.some((price) => price.currency === currency))
      throw usage(`--price gives ${currency} twice: one price per currency.`);
    prices.push({ currency, amount: Number(amount) });
  }
  return prices;
}

/** `--option Size=M` (repeatable) as a variant's choice of option values. */
export function parseVariantOptions(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const options: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.indexOf('=');
    const name = raw.slice(0, at).trim();
    const value = raw.slice(at + 1).trim();
    if (at <= 0 || name === '' || value === '')
      throw usage(`Invalid --option "${raw}": expected name=value, e.g. Size=M.`);
    if (name in options) throw usage(`--option gives ${name} twice.`);
    options[name] = value;
  }
  return options;
}

/** `--option Size=S,M,L` (repeatable) as a product's options and the values each may take. */
export function parseProductOptions(values: string[] | undefined): ProductOption[] | undefined {
  if (!values || values.length === 0) return undefined;
  const options: ProductOption[] = [];
  for (const raw of values) {
    const at = raw.indexOf('=');
    const name = raw.slice(0, at).trim();
    const list = raw
      .slice(at + 1)
      .split(',')
      .map((value) => value.trim());
    if (at <= 0 || name === '' || list.some((value) => value === ''))
      throw usage(`Invalid --option "${raw}": expected name=value,value…, e.g. Size=S,M,L.`);
    if (options.some((option) => option.name === name)) throw usage(`--option gives ${name} twice.`);
    options.push({ name, values: list });
  }
  return options;
}
