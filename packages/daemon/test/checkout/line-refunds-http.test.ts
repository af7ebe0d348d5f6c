import { type OrderDetail, OrderDetailSchema, type Refund, RefundSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartClient, cartOf, createShop, eurProduct, type Shop } from '../support/cart-fixtures.js';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser, uniqueEmail } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`refunds line by line on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let shop: Shop;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 1_000_000 } });
      admin = (await createAdmin(t)).accessToken;
      shop = await createShop(t.app, admin);
      const code = await t.app.inject({
        method: 'POST',
        url: '/v1/promotions',
        headers: bearer(admin),
        payload: { name: 'Ten off', code: 'TENOFF', discount: { type: 'percentage', bps: 1000 } },
      });
      expect(code.statusCode, code.body).toBe(201);
    });
    afterAll(async () => t?.close());

    /** A paid guest order from a cart: 3 × 10.00 and 1 × 25.00, 10 % off, 20 % tax, 5.00 shipping. */
    async function paidCartOrder() {
      const [a, b] = [await eurProduct(t.app, admin), await eurProduct(t.app, admin, { price: 2500 })];
      const created = (
        await t.app.inject({ method: 'POST', url: '/v1/carts', payload: { regionId: shop.region.id } })
      ).json() as { id: string; cart_token: string };
      const client = cartClient(t.app, created.id, { token: created.cart_token });
      cartOf(await client.addItem(a!.sku, 3));
      cartOf(await client.addItem(b!.sku, 1));
      cartOf(await client.setEmail(uniqueEmail('refund')));
      cartOf(await client.setShippingAddress(shop.country));
      cartOf(await client.setShippingMethod(shop.shippingMethodId));
      const cart = cartOf(await client.applyPromotion('TENOFF'));
      const done = await client.complete(cart.fingerprint);
      expect(done.statusCode, done.body).toBe(201);
      const { order, order_token } = done.json() as { order: OrderDetail; order_token: string };
      const paid = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/payments`,
        headers: { 'x-order-token': order_token },
        payload: { provider: 'test', card: { number: CARDS.success } },
      });
      expect(paid.statusCode, paid.body).toBe(201);
      const [lineA, lineB] = [a!, b!].map((product) => order.items.find((item) => item.sku === product.sku)!);
      return { order, paymentId: (paid.json() as { id: string }).id, lineA: lineA!, lineB: lineB! };
    }

    const refund = (paymentId: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/payments/${paymentId}/refunds`,
        headers: bearer(admin),
        payload,
      });
    const orderDetail = async (id: string) =>
      OrderDetailSchema.parse(
        (await t.app.inject({ url: `/v1/orders/${id}`, headers: bearer(admin) })).json(),
      );

    it('refunds what was paid for returned units, discount and tax included, never more', async () => {
      const { order, paymentId, lineA, lineB } = await paidCartOrder();
      // 3 × 10.00 less 10 % = 27.00, plus 20 % tax = 32.40: one unit is 10.80.
      expect(lineA.total).toBe(3240);
      const one = await refund(paymentId, { lines: [{ lineId: lineA.id, quantity: 1 }], reason: 'returned' });
      expect(one.statusCode, one.body).toBe(201);
      const first = RefundSchema.parse(one.json());
      expect(first.amount).toBe(1080);
      expect(first.breakdown).toEqual({
        lines: [{ lineId: lineA.id, quantity: 1, amount: 1080, taxAmount: 180 }],
        shipping: { amount: 0, taxAmount: 0 },
        taxAmount: 180,
      });
      // The line's remaining two units and no more: a third return of two units is refused.
      const two = RefundSchema.parse(
        (await refund(paymentId, { lines: [{ lineId: lineA.id, quantity: 2 }] })).json(),
      );
      expect(two.amount).toBe(2160);
      const tooMany = await refund(paymentId, { lines: [{ lineId: lineA.id, quantity: 1 }] });
      expect(tooMany.statusCode).toBe(422);
      expect(tooMany.json().errors[0].path).toBe('body.lines.0.quantity');
      // Shipping, then the rest by default: the order is refunded exactly in full.
      const shipping = RefundSchema.parse((await refund(paymentId, { shipping: {} })).json());
      expect(shipping.amount).toBe(600);
      const rest = RefundSchema.parse((await refund(paymentId, {})).json());
      expect(rest.amount).toBe(lineB.total);
      expect(first.amount + two.amount + shipping.amount + rest.amount).toBe(order.total);
      const detail = await orderDetail(order.id);
      expect(detail).toMatchObject({ status: 'refunded', amountRefunded: order.total });
      expect(codeOf(await refund(paymentId, {}))).toBe('amount_exceeds_captured');
      expect(
        codeOf(
          await refund(paymentId, { lines: [{ lineId: 'oit_00000000000000000000000000', quantity: 1 }] }),
        ),
      ).toBe('validation_failed');
    });

    it('20 concurrent one-unit returns of a 3-unit line refund exactly 3 units, exactly the line', async () => {
      const { paymentId, lineA } = await paidCartOrder();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => refund(paymentId, { lines: [{ lineId: lineA.id, quantity: 1 }] })),
      );
      const accepted = answers.filter((answer) => answer.statusCode === 201).map((a) => a.json() as Refund);
      expect(accepted).toHaveLength(3);
      expect(answers.filter((answer) => answer.statusCode !== 201).every((a) => a.statusCode === 422)).toBe(
        true,
      );
      expect(accepted.reduce((sum, r) => sum + r.amount, 0)).toBe(lineA.total);
    });

    it('refunds an order placed without a cart by amount only', async () => {
      const email = uniqueEmail('direct');
      const buyer = await registerUser(t.app, email);
      const product = await createProduct(t.app, admin, { price: 1500 });
      const order = await placeOrder(t.app, buyer.accessToken, [{ productId: product.id, quantity: 1 }]);
      const paid = await payOrder(t.app, buyer.accessToken, order.id, CARDS.success);
      const paymentId = (paid.json() as { id: string }).id;
      const byLine = await refund(paymentId, { lines: [{ lineId: order.items[0]!.id, quantity: 1 }] });
      expect(byLine.statusCode).toBe(422);
      expect(byLine.json().errors[0].path).toBe('body.lines');
      const byAmount = RefundSchema.parse((await refund(paymentId, { amount: 500 })).json());
      expect(byAmount).toMatchObject({ amount: 500, breakdown: null });
    });
  });
}
