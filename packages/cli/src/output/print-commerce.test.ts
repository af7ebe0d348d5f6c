import type { Media, Product, Variant } from '@tillpoint/sdk';
import { describe, expect, it } from 'vitest';
import { createStyle } from './colors.js';
import { createOutput } from './output.js';
import {
  formatBytes,
  pricesText,
  printMedia,
  printProduct,
  productPriceText,
  productStockText,
} from './print-commerce.js';

const T = '2025-01-01T00:00:00.000Z';
const plain = createStyle(false);

function variant(sku: string, extra: Partial<Variant> = {}): Variant {
  return {
    id: `var_${sku.padStart(26, '0')}`,
    object: 'variant',
    productId: `prd_${'0'.repeat(26)}`,
    sku,
    title: sku,
    options: {},
    prices: [{ currency: 'EUR', amount: 1999 }],
    stock: 5,
    grams: null,
    taxCategory: null,
    active: true,
    position: 0,
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

function image(n: number, extra: Partial<Media> = {}): Media {
  const id = `med_${String(n).padStart(26, '0')}`;
  return {
    id,
    object: 'media',
    productId: `prd_${'0'.repeat(26)}`,
    url: `/v1/media/${id}`,
    contentType: 'image/png',
    filename: `photo-${n}.png`,
    size: 75,
    sha256: 'ab'.repeat(32),
    width: 2,
    height: 3,
    alt: null,
    position: n - 1,
    createdAt: T,
    ...extra,
  };
}

function product(variants: Variant[], media: Media[] = []): Product {
  return {
    id: `prd_${'0'.repeat(26)}`,
    object: 'product',
    handle: 'tee',
    sku: variants[0]?.sku ?? 'TEE',
    name: 'Tee',
    description: null,
    price: 1999,
    currency: 'EUR',
    active: true,
    stock: variants[0]?.stock ?? null,
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants,
    media,
    metadata: {},
    createdAt: T,
    updatedAt: T,
  };
}

describe('catalog output', () => {
  it('prices: every currency of a variant, with its own minor-unit digits', () => {
    expect(
      pricesText(
        [
          { currency: 'EUR', amount: 1999 },
          { currency: 'JPY', amount: 3000 },
          { currency: 'KWD', amount: 1500 },
        ],
        plain,
      ),
    ).toBe('19.99 EUR, 3000 JPY, 1.500 KWD');
    expect(pricesText([], plain)).toBe('(none)');
  });

  it('product price: one amount or the range over active variants in the asked currency', () => {
    const tee = product([
      variant('S'),
      variant('M', {
        prices: [
          { currency: 'EUR', amount: 2099 },
          { currency: 'USD', amount: 2299 },
        ],
      }),
      variant('XL', { active: false, prices: [{ currency: 'EUR', amount: 9999 }] }),
    ]);
    expect(productPriceText(tee, 'EUR', plain)).toBe('19.99 – 20.99 EUR');
    expect(productPriceText(tee, 'USD', plain)).toBe('22.99 USD');
    expect(productPriceText(tee, 'JPY', plain)).toBe('-');
    // A product listed by an older daemon, without variants, shows its own price.
    expect(productPriceText({ ...tee, variants: [] }, 'EUR', plain)).toBe('19.99 EUR');
  });

  it('product stock: the sum over active variants, noting untracked ones', () => {
    expect(productStockText(product([variant('S'), variant('M', { stock: 3 })]), plain)).toBe('8');
    expect(productStockText(product([variant('S'), variant('M', { stock: null })]), plain)).toBe(
      '5 + untracked',
    );
    expect(productStockText(product([variant('S', { stock: null })]), plain)).toBe('untracked');
    expect(productStockText(product([variant('S'), variant('M', { active: false, stock: 90 })]), plain)).toBe(
      '5',
    );
  });

  it('printProduct ends with the variants table; --json prints nothing', () => {
    let text = '';
    const sink = { write: (chunk: string) => (text += chunk) };
    const tee = product([variant('TEE-S', { title: 'S' }), variant('TEE-M', { title: 'M', stock: null })]);
    printProduct(createOutput({ json: false, color: false, stdout: sink, stderr: sink }), tee);
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('Options      Size: S, M');
    expect(lines.at(-3)).toMatch(/^ID\s+SKU\s+TITLE\s+PRICES\s+STOCK\s+ACTIVE$/);
    expect(lines.at(-2)).toMatch(/^var_\S+\s+TEE-S\s+S\s+19\.99 EUR\s+5\s+yes$/);
    expect(lines.at(-1)).toMatch(/^var_\S+\s+TEE-M\s+M\s+19\.99 EUR\s+untracked\s+yes$/);

    text = '';
    printProduct(createOutput({ json: true, color: false, stdout: sink, stderr: sink }), tee);
    expect(text).toBe('');
  });

  it('printProduct lists the images after the variants: position, type, size, WxH and alt', () => {
    let text = '';
    const sink = { write: (chunk: string) => (text += chunk) };
    const tee = product(
      [variant('TEE-S', { title: 'S' })],
      [
        image(1, { alt: 'Front' }),
        image(2, { contentType: 'image/jpeg', size: 2_500_000, width: null, height: null }),
      ],
    );
    printProduct(createOutput({ json: false, color: false, stdout: sink, stderr: sink }), tee);
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('Media        2 images');
    expect(lines.at(-3)).toMatch(/^POSITION\s+ID\s+TYPE\s+SIZE\s+WxH\s+ALT$/);
    expect(lines.at(-2)).toMatch(/^0\s+med_\S+\s+image\/png\s+75 B\s+2x3\s+Front$/);
    expect(lines.at(-1)).toMatch(/^1\s+med_\S+\s+image\/jpeg\s+2\.4 MiB\s+-\s+\(none\)$/);

    text = '';
    printProduct(createOutput({ json: false, color: false, stdout: sink, stderr: sink }), product([]));
    expect(text).toContain('Media        (none)');
    expect(text).not.toContain('POSITION');
  });

  it('printMedia shows one image; formatBytes picks the unit', () => {
    let text = '';
    const sink = { write: (chunk: string) => (text += chunk) };
    printMedia(
      createOutput({ json: false, color: false, stdout: sink, stderr: sink }),
      image(1, { alt: 'Front' }),
    );
    expect(text).toMatch(/^WxH\s+2x3$/m);
    expect(text).toMatch(/^Size\s+75 B \(75 bytes\)$/m);
    expect(text).toMatch(/^File name\s+photo-1\.png$/m);
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 * 1024)]).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '5.0 MiB',
    ]);
  });
});
