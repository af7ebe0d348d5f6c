import { OrderDetailSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`orders on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let user: { token: string; id: string };
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
      const session = await registerUser(t.app);
      user = { token: session.accessToken, id: session.user.id };
    });
    afterAll(async () => t?.close());

    it('prices every line from the catalog and ignores client-sent prices', async () => {
      const a = await createProduct(t.app, admin, { price: 1999 });
      const b = await createProduct(t.app, admin, { price: 250 });
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user.token),
        payload: {
          items: [
            { sku: a.sku, quantity: 3, unitPrice: 1 },
            { productId: b.id, quantity: 2 },
          ],
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const order = OrderDetailSchema.parse(response.json());
      expect(order.items.map((i) => [i.unitPrice, i.lineTotal])).toEqual([
        [1999, 5997],
        [250, 500],
      ]);
      expect(order).toMatchObject({ total: 6497, userId: user.id, status: 'pending' });
      expect(order.statusHistory).toHaveLength(1);
      expect(order.paymentDueAt).not.toBeNull();
      // The answer is built from what was written, not read back: it must be exactly what a read answers.
      const read = await t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(user.token) });
      expect(read.json()).toEqual(response.json());
    });

    it('refuses mixed currencies, unknown or archived products, and writes nothing', async () => {
      const eur = await createProduct(t.app, admin, { currency: 'EUR', stock: 5 });
      const usd = await createProduct(t.app, admin, { currency: 'USD' });
      const archived = await createProduct(t.app, admin);
      await t.app.inject({ method: 'DELETE', url: `/v1/products/${archived.id}`, headers: bearer(admin) });
      const count = async () => (await t.database.db.selectFrom('orders').select('id').execute()).length;
      const before = await count();
      const mixed = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user.token),
        payload: {
          items: [
            { sku: eur.sku, quantity: 1 },
            { sku: usd.sku, quantity: 1 },
          ],
        },
      });
      expect(codeOf(mixed)).toBe('currency_mismatch');
      // A retry cannot fix this conflict: clients that retry 409s are told not to.
      expect(mixed.headers['x-should-retry']).toBe('false');
      const missing = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user.token),
        payload: {
          items: [
            { sku: eur.sku, quantity: 1 },
            { sku: 'NOPE-404', quantity: 1 },
            { sku: archived.sku, quantity: 1 },
          ],
        },
      });
      expect(missing.statusCode).toBe(422);
      expect(codeOf(missing)).toBe('product_unavailable');
      expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual([
        'body.items.1',
        'body.items.2',
      ]);
      expect(await count()).toBe(before);
      expect((await t.app.inject({ url: `/v1/products/${eur.id}` })).json().stock).toBe(5);
    });

    it('100 concurrent orders over HTTP for the last 10 units create exactly 10 orders', async () => {
      const product = await createProduct(t.app, admin, { stock: 10 });
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const responses = await Promise.all(
        Array.from({ length: 100 }, () =>
          fetch(`${address}/v1/orders`, {
            method: 'POST',
            headers: { ...bearer(user.token), 'content-type': 'application/json' },
            body: JSON.stringify({ items: [{ sku: product.sku, quantity: 1 }] }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } })),
        ),
      );
      const created = responses.filter((r) => r.status === 201);
      const refused = responses.filter((r) => r.status === 409);
      expect(created).toHaveLength(10);
      expect(refused).toHaveLength(90);
      expect(refused.every((r) => r.body.code === 'out_of_stock')).toBe(true);
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(0);
      const lines = await t.database.db
        .selectFrom('order_items')
        .select('id')
        .where('product_id', '=', product.id)
        .execute();
      expect(lines).toHaveLength(10);
    }, 60_000);

    it('cancelling releases reserved stock; an illegal move is 409 naming the current status', async () => {
      const product = await createProduct(t.app, admin, { stock: 4 });
      const order = await placeOrder(t.app, user.token, [{ sku: product.sku, quantity: 3 }]);
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(1);
      const fulfil = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/fulfill`,
        headers: bearer(admin),
      });
      expect(fulfil.statusCode).toBe(409);
      expect(codeOf(fulfil)).toBe('invalid_transition');
      expect(fulfil.json().detail).toContain('pending');
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/cancel`,
        headers: bearer(user.token),
        payload: { reason: 'changed my mind' },
      });
      expect(cancel.statusCode).toBe(200);
      expect(cancel.json().statusHistory.at(-1)).toMatchObject({
        from: 'pending',
        to: 'cancelled',
        reason: 'changed my mind',
      });
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(4);
      const again = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/cancel`,
        headers: bearer(user.token),
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toContain('cancelled');
      const pay = await payOrder(t.app, user.token, order.id);
      expect(pay.statusCode).toBe(409);
    });

    it('cancels overdue unpaid orders through the service the scheduler will call', async () => {
      const product = await createProduct(t.app, admin, { stock: 2 });
      const order = await placeOrder(t.app, user.token, [{ sku: product.sku, quantity: 2 }]);
      await t.database.db
        .updateTable('orders')
        .set({ payment_due_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', order.id)
        .execute();
      expect(await t.services.orders.cancelOverdue()).toBeGreaterThanOrEqual(1);
      const after = await t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(user.token) });
      expect(after.json().status).toBe('cancelled');
      expect((await t.app.inject({ url: `/v1/products/${product.id}` })).json().stock).toBe(2);
    });

    it('users see only their own orders; admins see and filter all', async () => {
      const other = await registerUser(t.app);
      const product = await createProduct(t.app, admin, { currency: 'GBP' });
      const mine = await placeOrder(t.app, user.token, [{ sku: product.sku, quantity: 1 }]);
      const theirs = await placeOrder(t.app, other.accessToken, [{ sku: product.sku, quantity: 1 }]);
      expect(
        (await t.app.inject({ url: `/v1/orders/${theirs.id}`, headers: bearer(user.token) })).statusCode,
      ).toBe(404);
      const list = await t.app.inject({ url: '/v1/orders?limit=100', headers: bearer(user.token) });
      const ids = list.json().data.map((o: { id: string }) => o.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      const forbidden = await t.app.inject({
        url: `/v1/orders?userId=${other.user.id}`,
        headers: bearer(user.token),
      });
      expect(forbidden.statusCode).toBe(403);
      const filtered = await t.app.inject({
        url: `/v1/orders?userId=${other.user.id}&currency=GBP`,
        headers: bearer(admin),
      });
      expect(filtered.json().data.map((o: { id: string }) => o.id)).toEqual([theirs.id]);
      const asAdmin = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(admin),
        payload: { userId: other.user.id, items: [{ sku: product.sku, quantity: 1 }] },
      });
      expect(asAdmin.json().userId).toBe(other.user.id);
      const notAdmin = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(user.token),
        payload: { userId: other.user.id, items: [{ sku: product.sku, quantity: 1 }] },
      });
      expect(notAdmin.statusCode).toBe(403);
    });

    it('pages through orders newest first or oldest first, filtered by status and created range', async () => {
      const buyer = await registerUser(t.app);
      const product = await createProduct(t.app, admin);
      const placed: string[] = [];
      for (let i = 0; i < 5; i++)
        placed.push((await placeOrder(t.app, buyer.accessToken, [{ sku: product.sku, quantity: 1 }])).id);
      const collect = async (query: string) => {
        const seen: string[] = [];
        let cursor = '';
        for (;;) {
          const page = await t.app.inject({
            url: `/v1/orders?limit=2${query}${cursor}`,
            headers: bearer(buyer.accessToken),
          });
          seen.push(...page.json().data.map((o: { id: string }) => o.id));
          if (!page.json().has_more) return seen;
          cursor = `&starting_after=${seen.at(-1)}`;
        }
      };
      expect(await collect('')).toEqual([...placed].reverse());
      expect(await collect('&sort=created')).toEqual(placed);
      expect(await collect('&status=paid')).toEqual([]);
      expect(await collect(`&createdFrom=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).toEqual([]);
    });
  });
}
