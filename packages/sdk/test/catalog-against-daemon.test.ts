import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  ConflictError,
  type Product,
  Tillpoint,
  UnprocessableEntityError,
  type Variant,
} from '../src/index.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';

/** Letters only, so the search index keeps it as one word. */
const randomWord = () =>
  Array.from(randomUUID().replaceAll('-', '').slice(0, 10), (c) =>
    String.fromCharCode(97 + (parseInt(c, 16) % 26)),
  ).join('');

// Catalog v2 (variants with prices per currency, collections, search) against the real built daemon. Fails (never
// skips) when the daemon is not built.
describe('catalog v2 against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  let shopper: Tillpoint;
  let product: Product;
  let small: Variant;
  let medium: Variant;
  let collection: Collection;
  const word = randomWord();
  const skuS = `TEE-${word}-S`;
  const skuM = `TEE-${word}-M`;
  // Every response is checked against the SDK's schemas; a mismatch is logged at debug level and fails afterAll.
  const { lines, logger } = createRecordingLogger();
  const clientFor = (options: ConstructorParameters<typeof Tillpoint>[0] = {}) =>
    new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger, ...options });

  beforeAll(async () => {
    daemon = await startDaemon({ TILLPOINT_COOKIE_SECURE: 'false' });
    const setupToken = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
    if (!setupToken) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
    admin = clientFor();
    await admin.auth.setup({ setupToken, email: 'admin@example.com', password: PASSWORD, name: 'Admin' });
    shopper = clientFor();
    const shopperEmail = `shopper.${randomUUID().slice(0, 8)}@example.com`;
    await shopper.auth.register({ email: shopperEmail, password: PASSWORD });
    await shopper.auth.login({ email: shopperEmail, password: PASSWORD });
  }, 30_000);
  afterAll(async () => {
    await daemon?.stop();
    expect(lines.filter((line) => line.text.includes('does not match'))).toEqual([]);
  });

  it('creates a product with two variants (Size S and M) priced in EUR and USD', async () => {
    product = await admin.products.create({
      name: `Crème linen tee ${word}`,
      description: 'A light summer shirt.',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        {
          sku: skuS,
          options: { Size: 'S' },
          prices: [
            { currency: 'EUR', amount: 1999 },
            { currency: 'USD', amount: 2199 },
          ],
          stock: 5,
          grams: 180,
        },
        {
          sku: skuM,
          options: { Size: 'M' },
          prices: [
            { currency: 'EUR', amount: 2099 },
            { currency: 'USD', amount: 2299 },
          ],
          stock: 3,
          grams: 200,
          taxCategory: 'reduced',
        },
      ],
    });
    expect(product).toMatchObject({
      object: 'product',
      active: true,
      options: [{ name: 'Size', values: ['S', 'M'] }],
      // The default variant (the first active one) stands in for clients written for one-SKU products.
      sku: skuS,
      price: 1999,
      currency: 'EUR',
      stock: 5,
    });
    expect(product.id).toMatch(/^prd_/);
    expect(product.handle).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(product.variants.map((v) => [v.sku, v.title, v.options, v.stock])).toEqual([
      [skuS, 'S', { Size: 'S' }, 5],
      [skuM, 'M', { Size: 'M' }, 3],
    ]);
    expect(product.variants[1]).toMatchObject({
      productId: product.id,
      prices: [
        { currency: 'EUR', amount: 2099 },
        { currency: 'USD', amount: 2299 },
      ],
      grams: 200,
      taxCategory: 'reduced',
      active: true,
    });
  });

  it('lists the variants in order, page by page, and reads one by ID', async () => {
    const seen: Variant[] = [];
    for await (const v of shopper.products.variants.list(product.id, { limit: 1 })) seen.push(v);
    expect(seen.map((v) => v.sku)).toEqual([skuS, skuM]);
    [small, medium] = seen as [Variant, Variant];
    expect(small.id).toMatch(/^var_/);

    const page = await admin.products.variants.list(product.id, { limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(true);

    expect(await shopper.variants.get(medium.id)).toMatchObject({
      id: medium.id,
      sku: skuM,
      productId: product.id,
    });
  });

  it('adds, updates, adjusts and archives variants', async () => {
    const updated = await admin.products.update(product.id, {
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
    });
    expect(updated.options).toEqual([{ name: 'Size', values: ['S', 'M', 'L'] }]);

    const large = await admin.products.variants.create(product.id, {
      sku: `TEE-${word}-L`,
      options: { Size: 'L' },
      prices: [{ currency: 'EUR', amount: 2199 }],
    });
    expect(large).toMatchObject({ object: 'variant', title: 'L', stock: null, productId: product.id });

    const repriced = await admin.variants.update(large.id, {
      prices: [
        { currency: 'EUR', amount: 2299 },
        { currency: 'USD', amount: 2499 },
      ],
    });
    expect(repriced.prices).toEqual([
      { currency: 'EUR', amount: 2299 },
      { currency: 'USD', amount: 2499 },
    ]);

    const adjustment = await admin.variants.adjustStock(medium.id, { delta: 2, reason: 'delivery' });
    expect(adjustment).toMatchObject({
      object: 'stock_adjustment',
      productId: product.id,
      variantId: medium.id,
      delta: 2,
      stockAfter: 5,
    });
    expect((await admin.variants.get(medium.id)).stock).toBe(5);

    const archived = await admin.variants.archive(large.id);
    expect(archived).toMatchObject({ id: large.id, active: false });
    const active: string[] = [];
    for await (const v of admin.products.variants.list(product.id, { active: true })) active.push(v.sku);
    expect(active).toEqual([skuS, skuM]);
  });

  it('refuses a variant whose options the product does not allow, and a taken SKU', async () => {
    const invalid = await admin.products.variants
      .create(product.id, {
        sku: `TEE-${word}-XL`,
        options: { Size: 'XL' },
        prices: [{ currency: 'EUR', amount: 1 }],
      })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(UnprocessableEntityError);
    expect((invalid as UnprocessableEntityError).code).toBe('options_invalid');

    const taken = await admin.products.variants
      .create(product.id, { sku: skuS, options: { Size: 'S' }, prices: [{ currency: 'EUR', amount: 1 }] })
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect((taken as ConflictError).code).toBe('sku_taken');
  });

  it('orders a variant by SKU in USD, priced from its USD price', async () => {
    const order = await shopper.orders.create({ currency: 'USD', items: [{ sku: skuM, quantity: 2 }] });
    expect(order).toMatchObject({ object: 'order', status: 'pending', currency: 'USD', total: 4598 });
    expect(order.items).toEqual([
      expect.objectContaining({
        sku: skuM,
        variantId: medium.id,
        productId: product.id,
        quantity: 2,
        unitPrice: 2299,
        lineTotal: 4598,
      }),
    ]);
    expect((await admin.variants.get(medium.id)).stock).toBe(3);

    const byId = await shopper.orders.create({ items: [{ variantId: small.id, quantity: 1 }] });
    expect(byId).toMatchObject({ currency: 'EUR', total: 1999 });
  });

  it('refuses an order line by product ID of a product with several variants, and a currency without a price', async () => {
    const ambiguous = await shopper.orders
      .create({ items: [{ productId: product.id, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(ambiguous).toBeInstanceOf(UnprocessableEntityError);
    expect((ambiguous as UnprocessableEntityError).code).toBe('variant_required');

    const unpriced = await shopper.orders
      .create({ currency: 'JPY', items: [{ sku: skuS, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(unpriced).toBeInstanceOf(UnprocessableEntityError);
    expect((unpriced as UnprocessableEntityError).code).toBe('price_missing');
  });

  it('puts the product in a collection, found by ID or handle, and filters products by it', async () => {
    collection = await admin.collections.create({ title: `Summer ${word}`, description: 'Warm days' });
    expect(collection).toMatchObject({
      object: 'collection',
      title: `Summer ${word}`,
      handle: `summer-${word}`,
      description: 'Warm days',
      productIds: [],
    });
    expect(collection.id).toMatch(/^col_/);

    const added = await admin.collections.addProduct(collection.id, product.id);
    expect(added.productIds).toEqual([product.id]);
    expect((await shopper.collections.get(collection.handle)).productIds).toEqual([product.id]);

    const listed: string[] = [];
    for await (const c of shopper.collections.list({ limit: 1 })) listed.push(c.id);
    expect(listed).toContain(collection.id);

    for (const ref of [collection.id, collection.handle]) {
      const members: string[] = [];
      for await (const p of shopper.products.list({ collection: ref })) members.push(p.id);
      expect(members, ref).toEqual([product.id]);
    }

    const renamed = await admin.collections.update(collection.id, { title: `Late summer ${word}` });
    expect(renamed).toMatchObject({ title: `Late summer ${word}`, handle: collection.handle });

    const duplicate = await admin.collections
      .create({ title: 'Another', handle: collection.handle })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect((duplicate as ConflictError).code).toBe('handle_taken');
  });

  it('finds the product with products.list({ q }), by a word of its name, accents ignored, and by SKU', async () => {
    const search = async (query: Parameters<Tillpoint['products']['list']>[0]) => {
      const ids: string[] = [];
      for await (const p of shopper.products.list(query)) ids.push(p.id);
      return ids;
    };
    expect(await search({ q: word })).toEqual([product.id]);
    expect(await search({ q: `creme ${word.slice(0, 6)}` })).toEqual([product.id]);
    expect(await search({ q: skuM })).toEqual([product.id]);
    expect(await search({ q: `${word} nothing-like-this` })).toEqual([]);

    expect(await search({ q: word, currency: 'USD', minPrice: 2000, maxPrice: 2500 })).toEqual([product.id]);
    expect(await search({ q: word, currency: 'USD', maxPrice: 1000 })).toEqual([]);
    expect(await search({ q: word, currency: 'JPY' })).toEqual([]);
    expect(await search({ q: word, inStock: true })).toEqual([product.id]);
  });

  it('a price range without a currency is a validation error', async () => {
    const error = await shopper.products.list({ minPrice: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).code).toBe('validation_failed');
    // The daemon names query fields with their location, e.g. `querystring.minPrice`.
    expect((error as UnprocessableEntityError).errors.map((e) => e.path)).toEqual([
      expect.stringMatching(/(^|\.)minPrice$/),
    ]);
  });

  it('removes the product from the collection and deletes the collection', async () => {
    const removed = await admin.collections.removeProduct(collection.handle, product.id);
    expect(removed.productIds).toEqual([]);
    const deleted = await admin.collections.delete(collection.id);
    expect(deleted).toMatchObject({ id: collection.id, object: 'collection' });
    await expect(shopper.collections.get(collection.id)).rejects.toMatchObject({ status: 404 });
    // The product itself stays.
    expect((await shopper.products.get(product.id)).id).toBe(product.id);
  });
});
