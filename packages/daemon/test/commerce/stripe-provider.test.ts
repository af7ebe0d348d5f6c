import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { signedStripeEvent, startStripeProtocolServer } from '../support/stripe-protocol-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const SECRET_KEY = 'sk_test_tillpoint123';
const WEBHOOK_SECRET = 'whsec_tillpointtestsecret';

for (const dialect of DIALECTS) {
  describe(`stripe provider on ${dialect}`, () => {
    let stripe: Awaited<ReturnType<typeof startStripeProtocolServer>>;
    let t: TestApp;
    let admin: string;
    let user: string;
    let sku: string;

    beforeAll(async () => {
      stripe = await startStripeProtocolServer(SECRET_KEY);
      t = await createTestApp(dialect, {
        config: {
          stripeSecretKey: SECRET_KEY,
          stripeApiBase: stripe.url,
          stripeWebhookSecret: WEBHOOK_SECRET,
        },
      });
      admin = (await createAdmin(t)).accessToken;
      user = (await registerUser(t.app)).accessToken;
      sku = (await createProduct(t.app, admin, { price: 1234, currency: 'EUR' })).sku;
    });
    afterAll(async () => {
      await t?.close();
      await stripe?.close();
    });

    const pay = (orderId: string, paymentMethod: string, captureMethod = 'automatic') =>
      t.app.inject({
        method: 'POST',
        url: `/v1/orders/${orderId}/payments`,
        headers: bearer(user),
        payload: { provider: 'stripe', paymentMethod, captureMethod },
      });
    const webhook = (payload: string, signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload,
      });
    const orderOf = async (id: string) =>
      (await t.app.inject({ url: `/v1/orders/${id}`, headers: bearer(admin) })).json();

    it('creates and confirms a PaymentIntent with the documented form fields and our payment ID as idempotency key', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 2 }]);
      const response = await pay(order.id, 'pm_card_visa');
      expect(response.statusCode, response.body).toBe(201);
      const payment = response.json();
      expect(payment).toMatchObject({ status: 'succeeded', amountCaptured: 2468 });
      expect(payment.providerReference).toMatch(/^pi_/);
      const call = stripe.calls.find((c) => c.idempotencyKey === payment.id)!;
      expect(call.path).toBe('/v1/payment_intents');
      expect(call.form).toMatchObject({
        amount: '2468',
        currency: 'eur',
        confirm: 'true',
        payment_method: 'pm_card_visa',
      });
      expect((await orderOf(order.id)).status).toBe('paid');
    });

    it('maps a card error to 402 with the decline code', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const response = await pay(order.id, 'pm_card_chargeDeclined');
      expect(response.statusCode).toBe(402);
      expect(response.json().errors[0].code).toBe('generic_decline');
    });

    it("maps a card error without a decline code to its code, with Stripe's own message", async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const response = await pay(order.id, 'pm_card_chargeDeclinedIncorrectCvc');
      expect(response.statusCode).toBe(402);
      expect(response.json().errors[0]).toMatchObject({
        code: 'incorrect_cvc',
        message: "Your card's security code is incorrect.",
      });
    });

    it('captures a manual PaymentIntent and refunds through /v1/refunds', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const authorized = (await pay(order.id, 'pm_card_visa', 'manual')).json();
      expect(authorized.status).toBe('requires_capture');
      const captured = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/capture`,
        headers: bearer(admin),
      });
      expect(captured.json()).toMatchObject({ status: 'succeeded', amountCaptured: 1234 });
      expect(
        stripe.calls.some((c) => c.path === `/v1/payment_intents/${authorized.providerReference}/capture`),
      ).toBe(true);
      const refund = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${authorized.id}/refunds`,
        headers: bearer(admin),
        payload: { amount: 234 },
      });
      expect(refund.statusCode, refund.body).toBe(201);
      expect(refund.json().providerReference).toMatch(/^re_/);
      const call = stripe.calls.find(
        (c) => c.path === '/v1/refunds' && c.idempotencyKey === refund.json().id,
      )!;
      expect(call.form).toEqual({ payment_intent: authorized.providerReference, amount: '234' });
    });

    it('a processing intent settles by a signed webhook, processed once per event id', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const payment = (await pay(order.id, 'pm_card_processing')).json();
      expect(payment.status).toBe('pending');
      const event = {
        id: `evt_${payment.id}`,
        type: 'payment_intent.succeeded',
        data: { object: { id: payment.providerReference, object: 'payment_intent', amount_received: 1234 } },
      };
      const { payload, signature } = signedStripeEvent(WEBHOOK_SECRET, event);
      const first = await webhook(payload, signature);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().outcome).toBe('applied');
      expect((await orderOf(order.id)).status).toBe('paid');
      const replayed = await webhook(payload, signature);
      expect(replayed.json().outcome).toBe('duplicate');
      const events = await t.app.inject({ url: `/v1/events?subjectId=${order.id}`, headers: bearer(admin) });
      expect(events.json().data.filter((e: { type: string }) => e.type === 'order.paid')).toHaveLength(1);
    });

    it('a webhook settles a payment whose intent ID never reached the database, by the payment ID in metadata', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const payment = (await pay(order.id, 'pm_card_processing')).json();
      const intent = stripe.intents.get(payment.providerReference)!;
      expect(intent.metadata.tillpoint_payment_id).toBe(payment.id);
      // As if the provider's first answer had been lost.
      await t.database.db
        .updateTable('payments')
        .set({ provider_reference: null })
        .where('id', '=', payment.id)
        .execute();
      const unknown = signedStripeEvent(WEBHOOK_SECRET, {
        id: `evt_unknown_${payment.id}`,
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi_never_seen', object: 'payment_intent' } },
      });
      expect((await webhook(unknown.payload, unknown.signature)).json().outcome).toBe('ignored');
      const { payload, signature } = signedStripeEvent(WEBHOOK_SECRET, {
        id: `evt_meta_${payment.id}`,
        type: 'payment_intent.succeeded',
        data: {
          object: {
            id: intent.id,
            object: 'payment_intent',
            amount_received: 1234,
            metadata: intent.metadata,
          },
        },
      });
      expect((await webhook(payload, signature)).json().outcome).toBe('applied');
      expect((await orderOf(order.id)).status).toBe('paid');
    });

    it('refuses bad signatures, stale timestamps and missing headers with 400 and changes nothing', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const payment = (await pay(order.id, 'pm_card_processing')).json();
      const event = {
        id: `evt_bad_${payment.id}`,
        type: 'payment_intent.succeeded',
        data: { object: { id: payment.providerReference } },
      };
      const good = signedStripeEvent(WEBHOOK_SECRET, event);
      const wrongSecret = signedStripeEvent('whsec_someoneelse', event);
      const stale = signedStripeEvent(WEBHOOK_SECRET, event, Math.floor(Date.now() / 1000) - 600);
      for (const [payload, signature] of [
        [good.payload, wrongSecret.signature],
        [stale.payload, stale.signature],
        [good.payload.replace('succeeded', 'payment_failed'), good.signature],
        [good.payload, ''],
        [good.payload, 't=abc,v1=def'],
      ] as const) {
        const response = await webhook(payload, signature);
        expect(response.statusCode).toBe(400);
        expect(codeOf(response)).toBe('invalid_signature');
      }
      expect((await orderOf(order.id)).status).toBe('pending');
    });

    const voidPayment = (id: string, token = admin) =>
      t.app.inject({ method: 'POST', url: `/v1/payments/${id}/void`, headers: bearer(token) });

    it('voids an authorization by cancelling its PaymentIntent, and the order can be paid again', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      const held = (await pay(order.id, 'pm_card_visa', 'manual')).json();
      expect(held.status).toBe('requires_capture');
      expect((await voidPayment(held.id, user)).statusCode).toBe(403);
      const voided = await voidPayment(held.id);
      expect(voided.statusCode, voided.body).toBe(200);
      expect(voided.json()).toMatchObject({ id: held.id, status: 'canceled' });
      const cancel = stripe.calls.find(
        (c) => c.path === `/v1/payment_intents/${held.providerReference}/cancel`,
      );
      expect(cancel?.idempotencyKey).toBe(`cancel_${held.id}`);
      expect(stripe.intents.get(held.providerReference)?.status).toBe('canceled');
      expect((await voidPayment(held.id)).statusCode).toBe(409);
      expect((await pay(order.id, 'pm_card_visa')).json().status).toBe('succeeded');
    });

    it('voids a payment whose answer was lost by finding its intent through metadata', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      stripe.behaviour.loseAnswers = 2;
      expect((await pay(order.id, 'pm_card_visa', 'manual')).statusCode).toBe(502);
      const [pending] = (await orderOf(order.id)).payments;
      expect(pending).toMatchObject({ status: 'pending', providerReference: null });
      const voided = await voidPayment(pending.id);
      expect(voided.statusCode, voided.body).toBe(200);
      expect(voided.json().status).toBe('canceled');
      const intent = [...stripe.intents.values()].find((i) => i.metadata.tillpoint_payment_id === pending.id);
      expect(intent?.status).toBe('canceled');
      expect(voided.json().providerReference).toBe(intent?.id);
      expect((await orderOf(order.id)).status).toBe('pending');
    });

    it('a void that comes after the money moved records the success and answers 409', async () => {
      const order = await placeOrder(t.app, user, [{ sku, quantity: 1 }]);
      stripe.behaviour.loseAnswers = 2;
      expect((await pay(order.id, 'pm_card_visa')).statusCode).toBe(502);
      const [pending] = (await orderOf(order.id)).payments;
      const refused = await voidPayment(pending.id);
      expect(refused.statusCode).toBe(409);
      expect(codeOf(refused)).toBe('invalid_transition');
      const after = await orderOf(order.id);
      expect(after.status).toBe('paid');
      expect(after.payments[0]).toMatchObject({ status: 'succeeded', amountCaptured: 1234 });
    });

    it('an unreachable Stripe leaves the payment pending and answers 502, never a duplicate charge', async () => {
      const down = await createTestApp(dialect, {
        config: {
          stripeSecretKey: SECRET_KEY,
          stripeApiBase: 'http://127.0.0.1:1',
          stripeWebhookSecret: WEBHOOK_SECRET,
        },
      });
      try {
        const downAdmin = (await createAdmin(down)).accessToken;
        const product = await createProduct(down.app, downAdmin);
        const order = await placeOrder(down.app, downAdmin, [{ sku: product.sku, quantity: 1 }]);
        const response = await down.app.inject({
          method: 'POST',
          url: `/v1/orders/${order.id}/payments`,
          headers: bearer(downAdmin),
          payload: { provider: 'stripe', paymentMethod: 'pm_card_visa' },
        });
        expect(response.statusCode).toBe(502);
        expect(codeOf(response)).toBe('provider_unavailable');
        const detail = (
          await down.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(downAdmin) })
        ).json();
        expect(detail.payments[0].status).toBe('pending');
        const again = await down.app.inject({
          method: 'POST',
          url: `/v1/orders/${order.id}/payments`,
          headers: bearer(downAdmin),
          payload: { provider: 'stripe', paymentMethod: 'pm_card_visa' },
        });
        expect(again.statusCode).toBe(409);
      } finally {
        await down.close();
      }
    });
  });
}
