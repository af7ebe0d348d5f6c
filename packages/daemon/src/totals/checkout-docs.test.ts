import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { minorUnitDigits } from '@tillpoint/sdk/schemas';
import { describe, expect, it } from 'vitest';
import { computeTotals } from './compute-totals.js';
import type { DiscountEffect, TotalsInput } from './totals-types.js';

// The worked examples in docs/checkout.md are a test: each row is parsed into an input and its expected totals.
const DOC = fileURLToPath(new URL('../../../../docs/checkout.md', import.meta.url));
const NONE = '—';
const COLUMNS = [
  'number',
  'currency',
  'prices',
  'lines',
  'shipping',
  'promotions',
  'subtotal',
  'discount',
  'shippingTotal',
  'tax',
  'grand',
  'totals',
  'shows',
] as const;
type Column = (typeof COLUMNS)[number];

interface Row {
  number: string;
  input: TotalsInput;
  expected: {
    subtotal: number;
    discountTotal: number;
    shippingTotal: number;
    taxTotal: number;
    grandTotal: number;
    lineTotals: number[];
  };
}

function examplesTable(markdown: string): string[][] {
  const section = markdown.split('### Worked examples')[1]?.split(/\n## /)[0];
  if (!section) throw new Error('docs/checkout.md has no "### Worked examples" section');
  return section
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** "19.99" in USD → 1999; the number of decimals must be the currency's exponent exactly. */
function minor(text: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${digits}}$`);
  if (!pattern.test(text)) throw new Error(`"${text}" is not an amount in ${currency} (${digits} decimals)`);
  return Number(text.replace('.', ''));
}

/** "8.25%" → 825 basis points. */
function basisPoints(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?%$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a percentage`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function parseRow(cells: string[]): Row {
  if (cells.length !== COLUMNS.length)
    throw new Error(`a row has ${cells.length} cells, not ${COLUMNS.length}`);
  const cell = Object.fromEntries(COLUMNS.map((name, index) => [name, cells[index]!])) as Record<
    Column,
    string
  >;
  const {
    number,
    currency,
    prices,
    lines,
    shipping,
    promotions,
    subtotal,
    discount,
    shippingTotal,
    tax,
    grand,
    totals,
  } = cell;
  if (prices !== 'incl' && prices !== 'excl') throw new Error(`row ${number}: prices must be incl or excl`);
  const amount = (text: string) => minor(text, currency);

  const lineInputs = lines.split(' + ').map((text, index) => {
    const match = /^(\d+) × (\S+) @(\S+)$/.exec(text);
    if (!match) throw new Error(`row ${number}: line "${text}" is not "quantity × price @rate"`);
    return {
      id: `L${index + 1}`,
      quantity: Number(match[1]),
      unitPrice: amount(match[2]!),
      taxRate: basisPoints(match[3]!),
    };
  });

  let shippingInput: TotalsInput['shipping'] = null;
  if (shipping !== NONE) {
    const match = /^(\S+) @(\S+)$/.exec(shipping);
    if (!match) throw new Error(`row ${number}: shipping "${shipping}" is not "amount @rate"`);
    shippingInput = { amount: amount(match[1]!), taxRate: basisPoints(match[2]!) };
  }

  const discounts: DiscountEffect[] =
    promotions === NONE
      ? []
      : promotions.split('; ').map((text, index) => {
          const match = /^(\S+) off (\S+)$/.exec(text);
          if (!match) throw new Error(`row ${number}: promotion "${text}" is not "<value> off <target>"`);
          const [, value, target] = match as unknown as [string, string, string];
          const effect = value.endsWith('%')
            ? { id: `P${index + 1}`, kind: 'percentage' as const, value: basisPoints(value) }
            : { id: `P${index + 1}`, kind: 'fixed' as const, value: amount(value) };
          if (target === 'subtotal' || target === 'shipping') return { ...effect, target };
          return { ...effect, target: 'lines' as const, lineIds: target.split('+') };
        });

  return {
    number,
    input: {
      currency,
      pricesIncludeTax: prices === 'incl',
      lines: lineInputs,
      shipping: shippingInput,
      discounts,
    },
    expected: {
      subtotal: amount(subtotal),
      discountTotal: amount(discount),
      shippingTotal: amount(shippingTotal),
      taxTotal: amount(tax),
      grandTotal: amount(grand),
      lineTotals: totals.split(' / ').map(amount),
    },
  };
}

describe('docs/checkout.md worked examples', () => {
  const rows = examplesTable(readFileSync(DOC, 'utf8')).map(parseRow);

  it('has at least 8 rows covering both tax modes, JPY, USD and KWD', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((row) => row.input.pricesIncludeTax))).toEqual(new Set([true, false]));
    for (const currency of ['JPY', 'USD', 'KWD']) {
      expect(rows.some((row) => row.input.currency === currency)).toBe(true);
    }
  });

  it.each(rows.map((row) => [row.number, row] as const))('row %s matches computeTotals', (_, row) => {
    const totals = computeTotals(row.input);
    expect({
      subtotal: totals.subtotal,
      discountTotal: totals.discountTotal,
      shippingTotal: totals.shippingTotal,
      taxTotal: totals.taxTotal,
      grandTotal: totals.grandTotal,
      lineTotals: totals.lines.map((line) => line.total),
    }).toEqual(row.expected);
  });
});
