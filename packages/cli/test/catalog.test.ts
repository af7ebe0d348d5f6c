import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { ANSI, runTill } from './support/run-till.js';

// Catalog v2 through the built `till` against a spawned daemon: variants with prices per currency, stock per
// variant, collections and search.

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[], input?: string) =>
  session.tillJson<T>(args, input);
/** Human output as a pipe in CI sees it: no TTY, no colour. */
const tillPlain = (args: string[]) =>
  runTill(args, {
    env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
  });

const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}
interface Variant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  prices: { currency: string; amount: number }[];
  stock: number | null;
  active: boolean;
}
interface Product {
  id: string;
  handle: string;
  options: { name: string; values: string[] }[];
  variants: Variant[];
}
interface Collection {
  id: string;
  handle: string;
  productIds: string[];
}

/** Letters only, so the search index keeps it as one word. */
const word = Array.from(randomUUID().replaceAll('-', '').slice(0, 10), (c) =>
  String.fromCharCode(97 + (Number.parseInt(c, 16) % 26)),
).join('');

beforeAll(async () => {
  session = await startAdminDaemon();
});

afterAll(async () => {
  await session?.stop();
});

describe('till catalog commands (variants, collections, search)', () => {
  const skuS = `TEE-${word}-S`;
  const skuM = `TEE-${word}-M`;
  let productId: string;
  let small: Variant;
  let medium: Variant;

  it('creates a product, gives it a Size option, and adds a second variant with prices in EUR and USD', async () => {
    const created = await tillJson<Product>([
      'products',
      'create',
      '--sku',
      skuS,
      '--name',
      `Linen tee ${word}`,
      '--price',
      '1999',
      '--currency',
      'EUR',
      '--stock',
      '5',
    ]);
    productId = created.id;
    expect(created.variants).toEqual([expect.objectContaining({ sku: skuS, stock: 5 })]);

    const updated = await tillJson<Product>(['products', 'update', productId, '--option', 'Size=S,M']);
    expect(updated.options).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
    // The existing variant takes the first value of the added option.
    expect(updated.variants[0]?.options).toEqual({ Size: 'S' });

    medium = await tillJson<Variant>([
      'products',
      'variants',
      'create',
      productId,
      '--sku',
      skuM,
      '--price',
      'EUR:2099',
      '--price',
      'usd:2299',
      '--option',
      'Size=M',
      '--stock',
      '3',
      '--grams',
      '200',
      '--tax-category',
      'reduced',
    ]);
    expect(medium).toMatchObject({
      object: 'variant',
      productId,
      sku: skuM,
      title: 'M',
      options: { Size: 'M' },
      prices: [
        { currency: 'EUR', amount: 2099 },
        { currency: 'USD', amount: 2299 },
      ],
      stock: 3,
      grams: 200,
      taxCategory: 'reduced',
      active: true,
    });
    expect(medium.id).toMatch(/^var_/);
  });

  it('products variants list --json lists both variants in order; update gives S a USD price', async () => {
    const list = await tillJson<List<Variant>>(['products', 'variants', 'list', productId]);
    expect(list.object).toBe('list');
    expect(list.has_more).toBe(false);
    expect(list.data.map((v) => [v.sku, v.title])).toEqual([
      [skuS, 'S'],
      [skuM, 'M'],
    ]);
    small = list.data[0]!;

    const limited = await tillJson<List<Variant>>([
      'products',
      'variants',
      'list',
      productId,
      '--limit',
      '1',
    ]);
    expect(limited.data.map((v) => v.sku)).toEqual([skuS]);
    expect(limited.has_more).toBe(true);

    const repriced = await tillJson<Variant>([
      'products',
      'variants',
      'update',
      small.id,
      '--price',
      'EUR:1999',
      '--price',
      'USD:2199',
    ]);
    expect(repriced.prices).toEqual([
      { currency: 'EUR', amount: 1999 },
      { currency: 'USD', amount: 2199 },
    ]);
  });

  it('products get prints the variants table: SKU, title, prices and stock', async () => {
    const result = await tillPlain(['products', 'get', productId]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stdout).toMatch(/ID\s+SKU\s+TITLE\s+PRICES\s+STOCK/);
    const rowM = result.stdout.split('\n').find((line) => line.includes(skuM));
    expect(rowM).toMatch(new RegExp(`${medium.id}\\s+${skuM}\\s+M\\s+20\\.99 EUR, 22\\.99 USD\\s+3\\b`));
    expect(result.stdout).toContain('Size: S, M');
  });

  it('variants adjust-stock changes one variant; products adjust-stock needs a single-variant product', async () => {
    const adjustment = await tillJson([
      'variants',
      'adjust-stock',
      medium.id,
      '--delta',
      '4',
      '--reason',
      'delivery',
    ]);
    expect(adjustment).toMatchObject({
      object: 'stock_adjustment',
      productId,
      variantId: medium.id,
      delta: 4,
      stockAfter: 7,
    });
    expect(await tillJson(['variants', 'get', medium.id])).toMatchObject({ id: medium.id, stock: 7 });
    expect(await tillJson(['variants', 'get', small.id])).toMatchObject({ id: small.id, stock: 5 });

    const ambiguous = await till([
      'products',
      'adjust-stock',
      productId,
      '--delta',
      '1',
      '--reason',
      'found',
      '--json',
    ]);
    expect(ambiguous.code).toBe(1);
    expect(errorOf(ambiguous.stderr)).toMatchObject({ code: 'variant_required', status: 422 });
  });

  it('orders create --item SKU=qty --currency usd prices the variant in USD', async () => {
    const order = await tillJson<{ items: unknown[] }>([
      'orders',
      'create',
      '--item',
      `${skuM}=2`,
      '--currency',
      'usd',
    ]);
    expect(order).toMatchObject({ object: 'order', currency: 'USD', total: 4598 });
    expect(order.items).toEqual([
      expect.objectContaining({ sku: skuM, variantId: medium.id, unitPrice: 2299, quantity: 2 }),
    ]);
    const byVariant = await tillJson(['orders', 'create', '--item', `${small.id}=1`]);
    expect(byVariant).toMatchObject({ currency: 'EUR', total: 1999 });
  });

  it('collections create, add-product, get and list', async () => {
    const created = await tillJson<Collection>(['collections', 'create', '--title', `Summer ${word}`]);
    expect(created).toMatchObject({ object: 'collection', handle: `summer-${word}`, productIds: [] });

    const added = await tillJson<Collection>(['collections', 'add-product', created.handle, productId]);
    expect(added.productIds).toEqual([productId]);

    expect(await tillJson(['collections', 'get', created.id])).toMatchObject({
      handle: created.handle,
      productIds: [productId],
    });
    const human = await tillPlain(['collections', 'get', created.handle]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(productId);

    const list = await tillJson<List<Collection>>(['collections', 'list', '--all']);
    expect(list.data.map((c) => c.id)).toContain(created.id);
  });

  it('products list --query finds the product, also with collection, price and stock filters', async () => {
    const ids = async (args: string[]) =>
      (await tillJson<List<{ id: string }>>(['products', 'list', ...args])).data.map((p) => p.id);
    expect(await ids(['--query', word])).toEqual([productId]);
    expect(await ids(['--query', `linen ${word.slice(0, 5)}`])).toEqual([productId]);
    expect(await ids(['--query', `${word} nothingsimilar`])).toEqual([]);
    expect(
      await ids([
        '--query',
        word,
        '--collection',
        `summer-${word}`,
        '--currency',
        'usd',
        '--min-price',
        '2000',
        '--max-price',
        '2500',
        '--in-stock',
      ]),
    ).toEqual([productId]);
    expect(await ids(['--query', word, '--currency', 'USD', '--max-price', '1000'])).toEqual([]);

    const human = await tillPlain(['products', 'list', '--query', word, '--currency', 'USD']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/PRICE\s+VARIANTS\s+STOCK/);
    expect(human.stdout).toContain('21.99 – 22.99 USD');
  });

  it('usage errors exit 2: a price range without --currency, a malformed --price, nothing to update', async () => {
    const noCurrency = await till(['products', 'list', '--min-price', '100', '--json']);
    expect(noCurrency.code).toBe(2);
    const badPrice = await till([
      'products',
      'variants',
      'create',
      productId,
      '--sku',
      `TEE-${word}-L`,
      '--price',
      '1999',
      '--json',
    ]);
    expect(badPrice.code).toBe(2);
    expect(errorOf(badPrice.stderr).code).toBe('usage_error');
    const nothing = await till(['products', 'variants', 'update', small.id, '--json']);
    expect(nothing.code).toBe(2);
  });

  it('a variant with an option value the product does not allow fails with options_invalid', async () => {
    const result = await till([
      'products',
      'variants',
      'create',
      productId,
      '--sku',
      `TEE-${word}-XL`,
      '--price',
      'EUR:2199',
      '--option',
      'Size=XL',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorOf(result.stderr)).toMatchObject({ code: 'options_invalid', status: 422 });
  });

  it('products create --from-file - makes a product with options and variants in one call', async () => {
    const body = {
      name: `Wool socks ${word}`,
      options: [{ name: 'Colour', values: ['grey', 'navy'] }],
      variants: [
        { sku: `SOCK-${word}-G`, options: { Colour: 'grey' }, prices: [{ currency: 'EUR', amount: 900 }] },
        { sku: `SOCK-${word}-N`, options: { Colour: 'navy' }, prices: [{ currency: 'EUR', amount: 950 }] },
      ],
    };
    const product = await tillJson<Product>(['products', 'create', '--from-file', '-'], JSON.stringify(body));
    expect(product.variants.map((v) => [v.sku, v.title])).toEqual([
      [`SOCK-${word}-G`, 'grey'],
      [`SOCK-${word}-N`, 'navy'],
    ]);
    const mixed = await till(['products', 'create', '--from-file', '-', '--sku', 'X', '--json'], '{}');
    expect(mixed.code).toBe(2);
  });

  it('products variants archive needs --yes off a TTY, then archives', async () => {
    const refused = await till(['products', 'variants', 'archive', medium.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(await tillJson(['variants', 'get', medium.id])).toMatchObject({ active: true });

    const archived = await tillJson<Variant>(['products', 'variants', 'archive', medium.id, '--yes']);
    expect(archived).toMatchObject({ id: medium.id, active: false });
    const active = await tillJson<List<Variant>>(['products', 'variants', 'list', productId, '--active']);
    expect(active.data.map((v) => v.sku)).toEqual([skuS]);
  });

  it('collections remove-product, then delete (which needs --yes off a TTY)', async () => {
    const handle = `summer-${word}`;
    const removed = await tillJson<Collection>(['collections', 'remove-product', handle, productId]);
    expect(removed.productIds).toEqual([]);

    const refused = await till(['collections', 'delete', handle]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const deleted = await tillJson<Collection>(['collections', 'delete', handle, '--yes']);
    expect(deleted).toMatchObject({ object: 'collection', handle });
    const missing = await till(['collections', 'get', handle, '--json']);
    expect(missing.code).toBe(1);
    expect(errorOf(missing.stderr)).toMatchObject({ code: 'not_found', status: 404 });
  });
});
