import { ProductSchema, StockAdjustmentSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`products on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    it('creates a product with integer minor-unit price, ISO currency and metadata', async () => {
      const product = await createProduct(t.app, admin, {
        price: 990,
        currency: 'JPY',
        metadata: { colour: 'red' },
      });
      expect(ProductSchema.parse(product)).toMatchObject({
        price: 990,
        currency: 'JPY',
        active: true,
        metadata: { colour: 'red' },
      });
    });

    it('refuses fractional, negative and non-ISO prices with 422 naming the field', async () => {
      for (const payload of [
        { price: 12.5, currency: 'EUR' },
        { price: -1, currency: 'EUR' },
        { price: 100, currency: 'EURO' },
        { price: 100, currency: 'XXY' },
        { price: 100, currency: 'eur' },
      ]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/products',
          headers: bearer(admin),
          payload: { sku: 'BAD-1', name: 'Bad', ...payload },
        });
        expect(response.statusCode, JSON.stringify(payload)).toBe(422);
        const paths = response.json().errors.map((e: { path: string }) => e.path);
        expect(paths.some((p: string) => p === 'body.price' || p === 'body.currency')).toBe(true);
      }
    });

    it('keeps SKUs unique', async () => {
      const product = await createProduct(t.app, admin);
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: { sku: product.sku, name: 'Copy', price: 1, currency: 'EUR' },
      });
      expect(again.statusCode).toBe(409);
      expect(codeOf(again)).toBe('sku_taken');
    });

    it('bounds metadata', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: { sku: 'META-1', name: 'Meta', price: 1, currency: 'EUR', metadata },
      });
      expect(response.statusCode).toBe(422);
    });

    it('guests list only active products, filtered by currency and words (punctuation is no pattern)', async () => {
      const tag = `Q${Date.now()}`;
      const visible = await createProduct(t.app, admin, { name: `${tag} 100% cotton`, currency: 'USD' });
      const archived = await createProduct(t.app, admin, { name: `${tag} old`, currency: 'USD' });
      await createProduct(t.app, admin, { name: `${tag} euro`, currency: 'EUR' });
      await t.app.inject({ method: 'DELETE', url: `/v1/products/${archived.id}`, headers: bearer(admin) });

      const guest = await t.app.inject({ url: `/v1/products?currency=USD&q=${tag}` });
      expect(guest.statusCode).toBe(200);
      expect(guest.json().data.map((p: { id: string }) => p.id)).toEqual([visible.id]);
      const literal = await t.app.inject({ url: `/v1/products?q=${encodeURIComponent(`${tag} 100%`)}` });
      expect(literal.json().data.map((p: { id: string }) => p.id)).toEqual([visible.id]);
      const wildcard = await t.app.inject({ url: `/v1/products?q=${encodeURIComponent('%_*"')}` });
      expect(wildcard.statusCode).toBe(200);
      expect(wildcard.json().data).toEqual([]);
      const asAdmin = await t.app.inject({
        url: `/v1/products?currency=USD&q=${tag}`,
        headers: bearer(admin),
      });
      expect(asAdmin.json().data).toHaveLength(2);
      expect((await t.app.inject({ url: `/v1/products/${archived.id}` })).statusCode).toBe(404);
    });

    it('reads through the cache and a write invalidates it at once', async () => {
      const product = await createProduct(t.app, admin, { price: 500 });
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().price).toBe(500);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${product.id}`,
        headers: bearer(admin),
        payload: { price: 750 },
      });
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().price).toBe(750);
    });

    it('lists products from cached copies only while they are as new as their rows; orders show at once', async () => {
      const tag = `C${Date.now()}`;
      const product = await createProduct(t.app, admin, { name: `${tag} mug`, stock: 10 });
      const listed = async () => {
        const response = await t.app.inject({ url: `/v1/products?q=${tag}` });
        expect(response.statusCode).toBe(200);
        return response.json().data[0];
      };
      expect(await listed()).toMatchObject({ id: product.id, stock: 10 });
      // Cached now (by the list and the read); an order's stock change drops the copy when it commits.
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(10);
      const shopper = (await registerUser(t.app)).accessToken;
      await placeOrder(t.app, shopper, [{ productId: product.id, quantity: 3 }]);
      expect(await listed()).toMatchObject({ stock: 7 });
      // A change this node was not told of (as from another node before its invalidation arrives): the list
      // query reads the newer row, so the page does not serve the older copy.
      await t.database.db
        .updateTable('products')
        .set({ name: `${tag} cup`, updated_at: new Date(Date.now() + 60_000).toISOString() })
        .where('id', '=', product.id)
        .execute();
      expect(await listed()).toMatchObject({ id: product.id, name: `${tag} cup`, stock: 7 });
    });

    it('adjusts stock with a recorded reason and never below zero', async () => {
      const product = await createProduct(t.app, admin, { stock: 3 });
      const add = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: 7, reason: 'delivery' },
      });
      expect(add.statusCode).toBe(201);
      expect(StockAdjustmentSchema.parse(add.json())).toMatchObject({
        delta: 7,
        stockAfter: 10,
        reason: 'delivery',
      });
      expect(add.json().actor).toMatch(/^user:usr_/);
      const tooMuch = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: -11, reason: 'shrinkage' },
      });
      expect(tooMuch.statusCode).toBe(409);
      expect(codeOf(tooMuch)).toBe('out_of_stock');
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(10);
      const rows = await t.database.db
        .selectFrom('stock_adjustments')
        .selectAll()
        .where('product_id', '=', product.id)
        .execute();
      expect(rows.map((r) => r.reason)).toEqual(['delivery']);
      const zero = await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: 0, reason: 'nothing' },
      });
      expect(zero.statusCode).toBe(422);
    });

    it('writes one event per product change', async () => {
      const product = await createProduct(t.app, admin, { stock: 1 });
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${product.id}`,
        headers: bearer(admin),
        payload: { name: 'Renamed' },
      });
      await t.app.inject({
        method: 'POST',
        url: `/v1/products/${product.id}/stock-adjustments`,
        headers: bearer(admin),
        payload: { delta: 1, reason: 'found one' },
      });
      await t.app.inject({ method: 'DELETE', url: `/v1/products/${product.id}`, headers: bearer(admin) });
      const events = await t.app.inject({
        url: `/v1/events?subjectId=${product.id}`,
        headers: bearer(admin),
      });
      expect(events.json().data.map((e: { type: string }) => e.type)).toEqual([
        'product.created',
        'product.updated',
        'product.stock_adjusted',
        'product.archived',
      ]);
    });
  });
}
