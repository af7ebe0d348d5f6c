import { setTimeout as sleep } from 'node:timers/promises';
import { PaymentSchema, RefundSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, createProduct, paymentOf, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`payments on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let user: string;
    let sku: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
      user = (await registerUser(t.app)).accessToken;
      sku = (await createProduct(t.app, admin, { price: 2500, stock: null })).sku;
    });
    afterAll(async () => t?.close());

    const newOrder = (quantity = 2) => placeOrder(t.app, user, [{ sku, quantity }]);
    const orderStatus = async (id: string) =>
      (await t.app.inject({ url: `/v1/orders/${id}`, headers: bearer(admin) })).json();
    const eventTypes = async (subjectId: string) =>
      (await t.app.inject({ url: `/v1/events?subjectId=${subjectId}&limit=100`, headers: bearer(admin) }))
        .json()
        .data.map((e: { type: string }) => e.type);

    it('a successful test card pays the order, with one event per change', async () => {
      const order = await newOrder();
      const response = await payOrder(t.app, user, order.id, CARDS.success);
      expect(response.statusCode).toBe(201);
      const payment = PaymentSchema.parse(response.json());
      expect(payment).toMatchObject({
        status: 'succeeded',
        amount: 5000,
        amountCaptured: 5000,
        provider: 'test',
      });
      expect((await orderStatus(order.id)).status).toBe('paid');
      expect(await eventTypes(payment.id)).toEqual(['payment.succeeded']);
      expect(await eventTypes(order.id)).toEqual(['order.created', 'order.paid']);
    });

    it('declines answer 402 payment_failed with the reason, record the payment and leave the order payable', async () => {
      for (const [card, reason] of [
        [CARDS.declined, 'card_declined'],
        [CARDS.insufficientFunds, 'insufficient_funds'],
      ] as const) {
        const order = await newOrder();
        const response = await payOrder(t.app, user, order.id, card);
        expect(response.statusCode).toBe(402);
        expect(codeOf(response)).toBe('payment_failed');
        expect(response.json().errors[0].code).toBe(reason);
        const detail = await orderStatus(order.id);
        expect(detail.status).toBe('pending');
        expect(detail.payments).toHaveLength(1);
        expect(detail.payments[0]).toMatchObject({ status: 'failed', failureCode: reason });
        const retry = await payOrder(t.app, user, order.id, CARDS.success);
        expect(retry.statusCode).toBe(201);
        expect((await orderStatus(order.id)).status).toBe('paid');
      }
    });

    it('an authorization is captured by an admin, never above the authorized amount', async () => {
      const order = await newOrder();
      const authorized = paymentOf(await payOrder(t.app, user, order.id, CARDS.requiresCapture));
      expect(authorized.status).toBe('requires_capture');
      expect((await orderStatus(order.id)).status).toBe('pending');
      const byUser = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/capture`,
        headers: bearer(user),
      });
      expect(byUser.statusCode).toBe(403);
      const tooMuch = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/capture`,
        headers: bearer(admin),
        payload: { amount: 5001 },
      });
      expect(codeOf(tooMuch)).toBe('amount_exceeds_authorized');
      const captured = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/capture`,
        headers: bearer(admin),
      });
      expect(captured.json()).toMatchObject({ status: 'succeeded', amountCaptured: 5000 });
      expect((await orderStatus(order.id)).status).toBe('paid');
      const twice = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/capture`,
        headers: bearer(admin),
      });
      expect(codeOf(twice)).toBe('invalid_transition');
    });

    it('the delayed-webhook card leaves the payment pending, then the order becomes paid', async () => {
      const order = await newOrder();
      const pending = paymentOf(await payOrder(t.app, user, order.id, CARDS.delayedSuccess));
      expect(pending.status).toBe('pending');
      const second = await payOrder(t.app, user, order.id, CARDS.success);
      expect(second.statusCode).toBe(409);
      let status = 'pending';
      for (let i = 0; i < 100 && status !== 'paid'; i++) {
        await sleep(20);
        status = (await orderStatus(order.id)).status;
      }
      expect(status).toBe('paid');
      expect(await eventTypes(pending.id)).toEqual(['payment.succeeded']);
    });

    it('refunds partially then fully, never beyond what was captured', async () => {
      const order = await newOrder();
      const payment = paymentOf(await payOrder(t.app, user, order.id));
      const refund = (amount?: number) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/payments/${payment.id}/refunds`,
          headers: bearer(admin),
          payload: amount === undefined ? {} : { amount },
        });
      const first = await refund(1500);
      expect(first.statusCode).toBe(201);
      expect(RefundSchema.parse(first.json())).toMatchObject({ amount: 1500, status: 'succeeded' });
      expect((await orderStatus(order.id)).status).toBe('partially_refunded');
      expect(codeOf(await refund(3501))).toBe('amount_exceeds_captured');
      const rest = await refund();
      expect(rest.json().amount).toBe(3500);
      const detail = await orderStatus(order.id);
      expect(detail).toMatchObject({ status: 'refunded', amountRefunded: 5000 });
      expect(detail.refunds).toHaveLength(2);
      expect((await refund(1)).statusCode).toBe(409);
      for (const bad of [0.5, -1, 0]) expect((await refund(bad)).statusCode).toBe(422);
    });

    it('racing refunds over HTTP never add up to more than was captured', async () => {
      const order = await newOrder();
      const payment = paymentOf(await payOrder(t.app, user, order.id));
      const address = await t.app
        .listen({ port: 0, host: '127.0.0.1' })
        .catch(() => `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${address}/v1/payments/${payment.id}/refunds`, {
            method: 'POST',
            headers: { ...bearer(admin), 'content-type': 'application/json' },
            body: JSON.stringify({ amount: 700 }),
          }).then((r) => r.status),
        ),
      );
      const succeeded = responses.filter((status) => status === 201).length;
      expect(succeeded).toBe(7);
      expect(responses.filter((status) => status === 409)).toHaveLength(13);
      const after = (
        await t.app.inject({ url: `/v1/payments/${payment.id}`, headers: bearer(admin) })
      ).json();
      expect(after.amountRefunded).toBe(4900);
      expect(after.amountRefunded).toBeLessThanOrEqual(after.amountCaptured);
      const rows = await t.database.db
        .selectFrom('refunds')
        .select('amount')
        .where('payment_id', '=', payment.id)
        .where('status', '=', 'succeeded')
        .execute();
      expect(rows.reduce((sum, row) => sum + row.amount, 0)).toBe(4900);
    }, 60_000);

    it('50 concurrent identical payments with one Idempotency-Key make one payment', async () => {
      const order = await newOrder();
      const address = await t.app
        .listen({ port: 0, host: '127.0.0.1' })
        .catch(() => `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`);
      const body = JSON.stringify({ provider: 'test', card: { number: CARDS.success } });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${address}/v1/orders/${order.id}/payments`, {
            method: 'POST',
            headers: {
              ...bearer(user),
              'content-type': 'application/json',
              'idempotency-key': `pay-${order.id}`,
            },
            body,
          }).then(async (r) => ({
            status: r.status,
            body: (await r.json()) as { id?: string; code?: string },
          })),
        ),
      );
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const other of responses.filter((r) => r.status !== 201)) {
        expect(other.status).toBe(409);
        expect(['idempotency_in_flight', 'conflict']).toContain(other.body.code);
      }
      const payments = await t.database.db
        .selectFrom('payments')
        .select('id')
        .where('order_id', '=', order.id)
        .execute();
      expect(payments).toHaveLength(1);
      // A later retry with the same key replays the stored response.
      const replay = await fetch(`${address}/v1/orders/${order.id}/payments`, {
        method: 'POST',
        headers: {
          ...bearer(user),
          'content-type': 'application/json',
          'idempotency-key': `pay-${order.id}`,
        },
        body,
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(payments[0]!.id);
    }, 60_000);

    it('Idempotency-Key: replay is exact, other parameters are 422, another caller has its own scope', async () => {
      const other = (await registerUser(t.app)).accessToken;
      const post = (token: string, key: string, quantity: number) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { ...bearer(token), 'idempotency-key': key },
          payload: { items: [{ sku, quantity }] },
        });
      const first = await post(user, 'order-key-1', 1);
      const again = await post(user, 'order-key-1', 1);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      const changed = await post(user, 'order-key-1', 2);
      expect(changed.statusCode).toBe(422);
      expect(codeOf(changed)).toBe('idempotency_mismatch');
      const otherCaller = await post(other, 'order-key-1', 1);
      expect(otherCaller.statusCode).toBe(201);
      expect(otherCaller.json().id).not.toBe(first.json().id);
      const orders = await t.database.db
        .selectFrom('orders')
        .select('id')
        .where('id', 'in', [first.json().id, otherCaller.json().id])
        .execute();
      expect(orders).toHaveLength(2);
      const badKey = await post(user, 'bad key with spaces', 1);
      expect(badKey.statusCode).toBe(400);
    });

    it('the idempotency record commits with the order it describes', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { ...bearer(user), 'idempotency-key': 'atomic-1' },
        payload: { items: [{ sku, quantity: 1 }] },
      });
      const record = await t.database.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', 'atomic-1')
        .executeTakeFirstOrThrow();
      expect(record.state).toBe('done');
      expect(JSON.parse(record.response_body ?? '{}').id).toBe(response.json().id);
    });

    it('manual payments are for admins only', async () => {
      const order = await newOrder();
      const asUser = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/payments`,
        headers: bearer(user),
        payload: { provider: 'manual', reference: 'cash' },
      });
      expect(asUser.statusCode).toBe(403);
      const asAdmin = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/payments`,
        headers: bearer(admin),
        payload: { provider: 'manual', reference: 'bank transfer 42' },
      });
      expect(asAdmin.json()).toMatchObject({ status: 'succeeded', providerReference: 'bank transfer 42' });
    });
  });
}
