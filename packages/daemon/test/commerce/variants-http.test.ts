import {
  type Product,
  ProductSchema,
  StockAdjustmentSchema,
  type Variant,
  VariantSchema,
} from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

let counter = 0;
const unique = (label: string) => `${label}-${Date.now()}-${++counter}`;

for (const dialect of DIALECTS) {
  describe(`variants on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let user: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
      user = (await registerUser(t.app)).accessToken;
    });
    afterAll(async () => t?.close());

    /** A shirt in S and M, each priced in EUR and USD, 10 units of each. */
    async function createShirt(overrides: Record<string, unknown> = {}): Promise<Product> {
      const tag = unique('SHIRT');
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: `Linen shirt ${tag}`,
          options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
          variants: [
            {
              sku: `${tag}-S`,
              options: { Size: 'S' },
              prices: [
                { currency: 'EUR', amount: 1999 },
                { currency: 'USD', amount: 2199 },
              ],
              stock: 10,
              grams: 180,
              taxCategory: 'clothing',
            },
            {
              sku: `${tag}-M`,
              options: { Size: 'M' },
              prices: [
                { currency: 'EUR', amount: 2099 },
                { currency: 'USD', amount: 2299 },
              ],
              stock: 10,
            },
          ],
          ...overrides,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return ProductSchema.parse(response.json());
    }

    it('creates a product with options and variants; the simple fields are the default variant', async () => {
      const shirt = await createShirt();
      expect(shirt.variants.map((v) => [v.title, v.prices, v.stock])).toEqual([
        [
          'S',
          [
            { currency: 'EUR', amount: 1999 },
            { currency: 'USD', amount: 2199 },
          ],
          10,
        ],
        [
          'M',
          [
            { currency: 'EUR', amount: 2099 },
            { currency: 'USD', amount: 2299 },
          ],
          10,
        ],
      ]);
      expect(shirt).toMatchObject({ sku: shirt.variants[0]!.sku, price: 1999, currency: 'EUR', stock: 10 });
      expect(shirt.handle).toMatch(/^linen-shirt-/);
      expect(shirt.variants[0]).toMatchObject({ grams: 180, taxCategory: 'clothing' });
      const listed = await t.app.inject({ url: `/v1/products/${shirt.id}/variants` });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().data.map((v: Variant) => v.sku)).toEqual(shirt.variants.map((v) => v.sku));
      const one = await t.app.inject({ url: `/v1/variants/${shirt.variants[1]!.id}` });
      expect(VariantSchema.parse(one.json()).options).toEqual({ Size: 'M' });
    });

    it('a simple product has one default variant with its SKU, price and stock', async () => {
      const product = await createProduct(t.app, admin, { price: 990, currency: 'JPY', stock: 3 });
      expect(product.variants).toHaveLength(1);
      expect(product.variants[0]).toMatchObject({
        sku: product.sku,
        title: 'Default',
        options: {},
        prices: [{ currency: 'JPY', amount: 990 }],
        stock: 3,
      });
    });

    it('refuses options that the product does not allow, repeated combinations and mixed forms', async () => {
      const tag = unique('BAD');
      const badValue = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: 'Bad',
          options: [{ name: 'Size', values: ['S'] }],
          variants: [{ sku: `${tag}-1`, options: { Size: 'XL' }, prices: [{ currency: 'EUR', amount: 1 }] }],
        },
      });
      expect(badValue.statusCode).toBe(422);
      expect(codeOf(badValue)).toBe('options_invalid');
      expect(badValue.json().errors[0].path).toBe('body.variants.0.options');
      const shirt = await createShirt();
      const twin = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${shirt.id}/variants`,
        headers: bearer(admin),
        payload: { sku: `${tag}-2`, options: { Size: 'S' }, prices: [{ currency: 'EUR', amount: 1 }] },
      });
      expect(twin.statusCode).toBe(422);
      expect(twin.json().errors[0].message).toContain(shirt.variants[0]!.sku);
      const mixed = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: 'Mixed',
          sku: `${tag}-3`,
          price: 1,
          currency: 'EUR',
          variants: [{ sku: `${tag}-4`, prices: [{ currency: 'EUR', amount: 1 }] }],
        },
      });
      expect(mixed.statusCode).toBe(422);
      const repeated = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: 'Two prices in one currency',
          variants: [
            {
              sku: `${tag}-5`,
              prices: [
                { currency: 'EUR', amount: 1 },
                { currency: 'EUR', amount: 2 },
              ],
            },
          ],
        },
      });
      expect(repeated.statusCode).toBe(422);
      const taken = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${shirt.id}/variants`,
        headers: bearer(admin),
        payload: {
          sku: shirt.variants[0]!.sku,
          options: { Size: 'L' },
          prices: [{ currency: 'EUR', amount: 1 }],
        },
      });
      expect(taken.statusCode).toBe(409);
      expect(codeOf(taken)).toBe('sku_taken');
    });

    it('adds, updates and removes variants: removal archives a variant that orders name and deletes one nothing names', async () => {
      const shirt = await createShirt();
      const large = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${shirt.id}/variants`,
        headers: bearer(admin),
        payload: {
          sku: `${shirt.variants[0]!.sku}-L`,
          options: { Size: 'L' },
          prices: [{ currency: 'EUR', amount: 2199 }],
        },
      });
      expect(large.statusCode, large.body).toBe(201);
      const added = VariantSchema.parse(large.json());
      expect(added).toMatchObject({ title: 'L', position: 2, stock: null });

      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/variants/${added.id}`,
        headers: bearer(admin),
        payload: { prices: [{ currency: 'GBP', amount: 1899 }], grams: 200, taxCategory: 'reduced' },
      });
      expect(patched.json()).toMatchObject({
        prices: [{ currency: 'GBP', amount: 1899 }],
        grams: 200,
        taxCategory: 'reduced',
      });

      await placeOrder(t.app, user, [{ sku: shirt.variants[0]!.sku, quantity: 1 }]);
      const archived = await t.app.inject({
        method: 'DELETE',
        url: `/v1/variants/${shirt.variants[0]!.id}`,
        headers: bearer(admin),
      });
      expect(archived.json()).toMatchObject({ active: false });
      expect(
        (await t.app.inject({ url: `/v1/variants/${shirt.variants[0]!.id}`, headers: bearer(admin) })).json()
          .active,
      ).toBe(false);
      // Guests no longer see it, and nobody can order it.
      expect((await t.app.inject({ url: `/v1/variants/${shirt.variants[0]!.id}` })).statusCode).toBe(404);
      const guestView = ProductSchema.parse((await t.app.inject({ url: `/v1/products/${shirt.id}` })).json());
      expect(guestView.variants.map((v) => v.id)).not.toContain(shirt.variants[0]!.id);
      expect(guestView.sku).toBe(shirt.variants[1]!.sku);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user),
        payload: { items: [{ sku: shirt.variants[0]!.sku, quantity: 1 }] },
      });
      expect(codeOf(refused)).toBe('product_unavailable');

      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/variants/${added.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect(
        (await t.app.inject({ url: `/v1/variants/${added.id}`, headers: bearer(admin) })).statusCode,
      ).toBe(404);
    });

    it('changing product options reshapes the variants', async () => {
      const shirt = await createShirt();
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${shirt.id}`,
        headers: bearer(admin),
        payload: {
          options: [
            { name: 'Size', values: ['S', 'M'] },
            { name: 'Colour', values: ['white', 'blue'] },
          ],
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      const product = ProductSchema.parse(response.json());
      expect(product.variants.map((v) => [v.options, v.title])).toEqual([
        [{ Size: 'S', Colour: 'white' }, 'S / white'],
        [{ Size: 'M', Colour: 'white' }, 'M / white'],
      ]);
      const dropM = await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${shirt.id}`,
        headers: bearer(admin),
        payload: { options: [{ name: 'Size', values: ['S'] }] },
      });
      expect(dropM.statusCode).toBe(422);
      expect(codeOf(dropM)).toBe('options_invalid');
    });

    it('orders pick a variant by SKU or ID and a currency; productId is refused for a product with several', async () => {
      const shirt = await createShirt();
      const [small, medium] = shirt.variants as [Variant, Variant];
      const usd = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user),
        payload: {
          currency: 'USD',
          items: [
            { sku: small.sku, quantity: 2 },
            { variantId: medium.id, quantity: 1 },
          ],
        },
      });
      expect(usd.statusCode, usd.body).toBe(201);
      expect(usd.json()).toMatchObject({ currency: 'USD', total: 2 * 2199 + 2299 });
      expect(usd.json().items.map((i: { variantId: string }) => i.variantId)).toEqual([small.id, medium.id]);
      expect(usd.json().items[0].name).toContain('(S)');

      const byDefault = await placeOrder(t.app, user, [{ sku: medium.sku, quantity: 1 }]);
      expect(byDefault).toMatchObject({ currency: 'EUR', total: 2099 });

      const noGbp = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user),
        payload: { currency: 'GBP', items: [{ sku: small.sku, quantity: 1 }] },
      });
      expect(noGbp.statusCode).toBe(422);
      expect(codeOf(noGbp)).toBe('price_missing');
      expect(noGbp.json().errors[0].message).toContain(small.id);
      expect(noGbp.json().errors[0].message).toContain('GBP');

      const ambiguous = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user),
        payload: { items: [{ productId: shirt.id, quantity: 1 }] },
      });
      expect(ambiguous.statusCode).toBe(422);
      expect(codeOf(ambiguous)).toBe('variant_required');
      expect(ambiguous.json().errors[0].message).toContain(small.sku);
      expect(ambiguous.json().errors[0].message).toContain(medium.sku);

      const simple = await createProduct(t.app, admin, { price: 500 });
      const bySimpleId = await placeOrder(t.app, user, [{ productId: simple.id, quantity: 1 }]);
      expect(bySimpleId.items[0]).toMatchObject({ variantId: simple.variants[0]!.id, unitPrice: 500 });
    });

    it('100 concurrent orders of one variant with stock 10 give exactly 10, and the sibling is untouched', async () => {
      const shirt = await createShirt();
      const [small, medium] = shirt.variants as [Variant, Variant];
      const buyers = await Promise.all(Array.from({ length: 4 }, () => registerUser(t.app)));
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/v1/orders',
            headers: bearer(buyers[i % buyers.length]!.accessToken),
            payload: { items: [{ sku: small.sku, quantity: 1 }] },
          }),
        ),
      );
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
      const after = ProductSchema.parse((await t.app.inject({ url: `/v1/products/${shirt.id}` })).json());
      expect(after.variants.find((v) => v.id === small.id)!.stock).toBe(0);
      expect(after.variants.find((v) => v.id === medium.id)!.stock).toBe(10);
    });

    it('stock adjustments work per variant; the product route refuses a product with several', async () => {
      const shirt = await createShirt();
      const medium = shirt.variants[1]!;
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/variants/${medium.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: -4, reason: 'damaged' },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(StockAdjustmentSchema.parse(response.json())).toMatchObject({
        variantId: medium.id,
        productId: shirt.id,
        stockAfter: 6,
      });
      const tooMany = await t.app.inject({
        method: 'POST',
        url: `/v1/variants/${medium.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: -7, reason: 'lost' },
      });
      expect(codeOf(tooMany)).toBe('out_of_stock');
      const legacy = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${shirt.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: 1, reason: 'found' },
      });
      expect(legacy.statusCode).toBe(422);
      expect(codeOf(legacy)).toBe('variant_required');
    });

    it('writes variant events in the outbox with each change', async () => {
      const shirt = await createShirt();
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/variants/${shirt.variants[0]!.id}`,
        headers: bearer(admin),
        payload: { title: 'Small' },
      });
      const events = await t.database.db
        .selectFrom('events')
        .select(['type', 'subject_id'])
        .where(
          'subject_id',
          'in',
          shirt.variants.map((v) => v.id),
        )
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['variant.created', 'variant.created', 'variant.updated']);
    });

    it('guests and users cannot change variants', async () => {
      const shirt = await createShirt();
      for (const headers of [{}, bearer(user)]) {
        const response = await t.app.inject({
          method: 'PATCH',
          url: `/v1/variants/${shirt.variants[0]!.id}`,
          headers,
          payload: { title: 'Hacked' },
        });
        expect([401, 403]).toContain(response.statusCode);
      }
    });
  });
}
