import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  type Event,
  type EventType,
  PaymentFailedError,
  type Product,
  Tillpoint,
  TillpointError,
} from '../src/index.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';

// The commerce routes against the real built daemon. Fails (never skips) when the daemon is not built.
describe('commerce against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  let admin: Tillpoint;
  let shopper: Tillpoint;
  let product: Product;
  const sku = `MUG-${randomUUID().slice(0, 8)}`;
  // Every response is checked against the SDK's schemas; a mismatch is logged at debug level and fails afterAll.
  const { lines, logger } = createRecordingLogger();
  const clientFor = (options: ConstructorParameters<typeof Tillpoint>[0] = {}) =>
    new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger, ...options });

  /** Events of `type` about `subjectId`, polled briefly in case the daemon writes them after answering. */
  async function eventsOf(type: EventType, subjectId: string): Promise<Event[]> {
    for (let attempt = 0; ; attempt++) {
      const found: Event[] = [];
      for await (const event of admin.events.list({ type, subjectId })) found.push(event);
      if (found.length > 0 || attempt >= 20) return found;
      await sleep(100);
    }
  }

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

  it('creates a product and lists it with for await', async () => {
    product = await admin.products.create({ sku, name: 'Mug', price: 1250, currency: 'EUR', stock: 5 });
    expect(product).toMatchObject({
      object: 'product',
      sku,
      price: 1250,
      currency: 'EUR',
      stock: 5,
      active: true,
    });
    expect(product.id).toMatch(/^prd_/);

    const seen: string[] = [];
    for await (const p of shopper.products.list({ limit: 1 })) seen.push(p.id);
    expect(seen).toContain(product.id);
    expect((await shopper.products.get(product.id)).sku).toBe(sku);

    const adjustment = await admin.products.adjustStock(product.id, { delta: 5, reason: 'delivery' });
    expect(adjustment).toMatchObject({ object: 'stock_adjustment', delta: 5, stockAfter: 10 });
    expect((await admin.products.update(product.id, { name: 'Big mug' })).name).toBe('Big mug');
  });

  it('orders 2 items, pays with the test card, refunds part, and records the events', async () => {
    const order = await shopper.orders.create({ items: [{ sku, quantity: 2 }] });
    expect(order).toMatchObject({ object: 'order', status: 'pending', currency: 'EUR', total: 2500 });
    expect(order.items).toEqual([
      expect.objectContaining({ sku, quantity: 2, unitPrice: 1250, lineTotal: 2500 }),
    ]);

    const payment = await shopper.payments.create(order.id, {
      provider: 'test',
      card: { number: '4242424242424242' },
    });
    expect(payment).toMatchObject({
      object: 'payment',
      orderId: order.id,
      status: 'succeeded',
      amount: 2500,
    });

    const paid = await shopper.orders.get(order.id);
    expect(paid.status).toBe('paid');
    expect(paid.amountPaid).toBe(2500);
    expect(paid.payments.map((p) => p.id)).toEqual([payment.id]);

    const refund = await admin.payments.refund(payment.id, { amount: 500, reason: 'chipped' });
    expect(refund).toMatchObject({ object: 'refund', paymentId: payment.id, amount: 500 });
    const refunded = await admin.orders.get(order.id);
    expect(refunded.status).toBe('partially_refunded');
    expect(refunded.amountRefunded).toBe(500);
    expect((await admin.payments.get(payment.id)).amountRefunded).toBe(500);

    const payments = [];
    for await (const p of admin.payments.list({ orderId: order.id })) payments.push(p.id);
    expect(payments).toEqual([payment.id]);

    const created = await eventsOf('order.created', order.id);
    expect(created.map((e) => e.type)).toEqual(['order.created']);
    const paidEvents = await eventsOf('order.paid', order.id);
    expect(paidEvents).toHaveLength(1);
    expect((await admin.events.get(paidEvents[0]!.id)).subjectId).toBe(order.id);
  });

  it('a declined card fails with PaymentFailedError (402, payment_failed)', async () => {
    const order = await shopper.orders.create({ items: [{ productId: product.id, quantity: 1 }] });
    const error = await shopper.payments
      .create(order.id, { provider: 'test', card: { number: '4000000000000002' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentFailedError);
    expect(error).toBeInstanceOf(TillpointError);
    expect((error as PaymentFailedError).status).toBe(402);
    expect((error as PaymentFailedError).code).toBe('payment_failed');
    expect((error as PaymentFailedError).requestId).toEqual(expect.any(String));
    expect((await shopper.orders.get(order.id)).status).toBe('pending');
    const cancelled = await shopper.orders.cancel(order.id, { reason: 'card declined' });
    expect(cancelled.status).toBe('cancelled');
  });

  it('ordering more than the stock fails with ConflictError out_of_stock', async () => {
    const error = await shopper.orders.create({ items: [{ sku, quantity: 1000 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('out_of_stock');
  });

  it('replays a create with the same idempotencyKey: same order, no second order', async () => {
    const idempotencyKey = `order-${randomUUID()}`;
    const body = { items: [{ sku, quantity: 1 }] };
    const first = await shopper.orders.create(body, { idempotencyKey });
    const second = await shopper.orders.create(body, { idempotencyKey });
    expect(second.id).toBe(first.id);
    const fresh = await shopper.orders.create(body);
    expect(fresh.id).not.toBe(first.id);
  });

  it('archives a product: it leaves the shop but admins still see it', async () => {
    const archived = await admin.products.archive(product.id);
    expect(archived.active).toBe(false);
    const visible: string[] = [];
    for await (const p of shopper.products.list()) visible.push(p.id);
    expect(visible).not.toContain(product.id);
    expect((await admin.products.get(product.id)).active).toBe(false);
  });

  it('runs a maintenance.cleanup job to completion and lists the job types', async () => {
    const job = await admin.jobs.run('maintenance.cleanup', {}, { wait: true });
    expect(job).toMatchObject({ object: 'job', type: 'maintenance.cleanup', status: 'succeeded' });
    expect((await admin.jobs.get(job.id)).status).toBe('succeeded');
    const types = await admin.jobs.types();
    expect(types.data.map((t) => t.type)).toEqual(
      expect.arrayContaining(['orders.cancel_overdue', 'maintenance.cleanup']),
    );
  }, 30_000);
});
