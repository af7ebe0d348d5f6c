import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersRepository, toOrder } from '../../src/modules/orders/orders-repository.js';
import { paymentsFromColumns, paymentsOfOrder } from '../../src/modules/payments/order-payments.js';
import { CARDS, createProduct, paymentOf, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

// An order read gathers the order, its lines, history, payments and refunds in one statement (ADR-050); it must
// give exactly what reading each table on its own gives.
for (const dialect of DIALECTS) {
  describe(`an order read in one statement, on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let user: string;
    let other: string;
    let orderId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
      user = (await registerUser(t.app)).accessToken;
      other = (await registerUser(t.app)).accessToken;
      const first = await createProduct(t.app, admin, { price: 1999, stock: 10 });
      const second = await createProduct(t.app, admin, { price: 450, stock: null });
      const order = await placeOrder(t.app, user, [
        { sku: first.sku, quantity: 2 },
        { sku: second.sku, quantity: 3 },
      ]);
      orderId = order.id;
      expect((await payOrder(t.app, user, orderId, CARDS.declined)).statusCode).toBe(402);
      const payment = paymentOf(await payOrder(t.app, user, orderId, CARDS.success));
      for (const amount of [500, 700]) {
        const refund = await t.app.inject({
          method: 'POST',
          url: `/v1/payments/${payment.id}/refunds`,
          headers: bearer(admin),
          payload: { amount, reason: `part of ${amount}` },
        });
        expect(refund.statusCode).toBe(201);
      }
    });
    afterAll(async () => t?.close());

    it('reads the same order, lines, history, payments and refunds as one read per table', async () => {
      const db = t.database.db;
      const orders = ordersRepository(db);
      const found = await orders.findWithChildren(orderId);
      expect(found).toBeDefined();
      expect(found?.order).toEqual(await orders.findById(orderId));
      expect(found?.items).toEqual(await orders.itemsOfOne(orderId));
      expect(found?.items).toHaveLength(2);
      expect(found?.history).toEqual(await orders.historyOf(orderId));
      expect(found?.history.map((h) => h.to_status)).toEqual([
        'pending',
        'paid',
        'partially_refunded',
        'partially_refunded',
      ]);
      const separately = await paymentsOfOrder(db, orderId);
      expect(paymentsFromColumns(found!.payments)).toEqual(separately);
      expect(separately.payments.map((p) => p.status)).toEqual(['failed', 'succeeded']);
      expect(separately.refunds.map((r) => r.amount)).toEqual([500, 700]);
    });

    it('answers GET /v1/orders/:id from that read, to the owner and to admins only', async () => {
      const db = t.database.db;
      const orders = ordersRepository(db);
      const response = await t.app.inject({ url: `/v1/orders/${orderId}`, headers: bearer(user) });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      const row = (await orders.findById(orderId))!;
      expect(body).toMatchObject(JSON.parse(JSON.stringify(toOrder(row, await orders.itemsOfOne(orderId)))));
      expect(body.payments).toEqual(
        JSON.parse(JSON.stringify((await paymentsOfOrder(db, orderId)).payments)),
      );
      expect(body.refunds.map((r: { reason: string }) => r.reason)).toEqual(['part of 500', 'part of 700']);
      expect(body.statusHistory.at(-1)).toMatchObject({
        from: 'partially_refunded',
        to: 'partially_refunded',
      });
      expect((await t.app.inject({ url: `/v1/orders/${orderId}`, headers: bearer(admin) })).statusCode).toBe(
        200,
      );
      expect((await t.app.inject({ url: `/v1/orders/${orderId}`, headers: bearer(other) })).statusCode).toBe(
        404,
      );
      expect(
        (await t.app.inject({ url: '/v1/orders/ord_01JD0000000000000000000000', headers: bearer(user) }))
          .statusCode,
      ).toBe(404);
    });

    it('reads an order with no payments as empty lists', async () => {
      const product = await createProduct(t.app, admin, { price: 100, stock: null });
      const order = await placeOrder(t.app, user, [{ sku: product.sku, quantity: 1 }]);
      const found = await ordersRepository(t.database.db).findWithChildren(order.id);
      expect(paymentsFromColumns(found!.payments)).toEqual({ payments: [], refunds: [] });
      expect(found?.history).toHaveLength(1);
    });
  });
}
