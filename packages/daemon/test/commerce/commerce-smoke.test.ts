import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`commerce happy path on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('product → order → pay → fulfil → complete → refund, with events', async () => {
      const admin = await createAdmin(t);
      const user = await registerUser(t.app);
      const product = await createProduct(t.app, admin.accessToken, { price: 1999, stock: 5 });
      const order = await placeOrder(t.app, user.accessToken, [{ sku: product.sku, quantity: 2 }]);
      expect(order).toMatchObject({ status: 'pending', total: 3998, currency: 'EUR' });
      const paid = await payOrder(t.app, user.accessToken, order.id, CARDS.success);
      expect(paid.statusCode, paid.body).toBe(201);
      expect(paid.json()).toMatchObject({ status: 'succeeded', amountCaptured: 3998 });
      const afterPay = await t.app.inject({
        url: `/v1/orders/${order.id}`,
        headers: bearer(user.accessToken),
      });
      expect(afterPay.json()).toMatchObject({ status: 'paid', amountPaid: 3998 });
      for (const action of ['fulfill', 'complete']) {
        const moved = await t.app.inject({
          method: 'POST',
          url: `/v1/orders/${order.id}/${action}`,
          headers: bearer(admin.accessToken),
        });
        expect(moved.statusCode, moved.body).toBe(200);
      }
      const refund = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${paid.json().id}/refunds`,
        headers: bearer(admin.accessToken),
        payload: { amount: 1000, reason: 'damaged' },
      });
      expect(refund.statusCode, refund.body).toBe(201);
      const final = await t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(admin.accessToken) });
      expect(final.json()).toMatchObject({ status: 'partially_refunded', amountRefunded: 1000 });
      const events = await t.app.inject({
        url: `/v1/events?subjectId=${order.id}`,
        headers: bearer(admin.accessToken),
      });
      expect(events.json().data.map((e: { type: string }) => e.type)).toEqual([
        'order.created',
        'order.paid',
        'order.fulfilled',
        'order.completed',
        'order.refunded',
      ]);
      const stock = await t.app.inject({ url: `/v1/products/${product.id}` });
      expect(stock.json().stock).toBe(3);
    });
  });
}
