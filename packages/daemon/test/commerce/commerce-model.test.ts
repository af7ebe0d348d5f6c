import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, createProduct } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const PRICE = 300;

interface ModelOrder {
  id: string;
  quantity: number;
  status: string;
  paymentId: string | null;
  paymentStatus: string | null;
  captured: number;
  refunded: number;
}
interface Model {
  stock: number;
  orders: ModelOrder[];
}
interface Real {
  t: TestApp;
  admin: string;
  user: string;
  productId: string;
  sku: string;
}

type Command = fc.AsyncCommand<Model, Real>;

/** Every invariant, read from the API and the database after each command. */
async function checkInvariants(model: Model, real: Real) {
  const product = (
    await real.t.app.inject({ url: `/v1/products/${real.productId}`, headers: bearer(real.admin) })
  ).json();
  expect(product.stock).toBeGreaterThanOrEqual(0);
  expect(product.stock).toBe(model.stock);
  for (const order of model.orders) {
    const detail = (
      await real.t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(real.admin) })
    ).json();
    expect(detail.status).toBe(order.status);
    expect(detail.amountRefunded).toBeLessThanOrEqual(detail.amountPaid);
    const succeeded = detail.payments.filter((p: { status: string }) => p.status === 'succeeded');
    const paidStates = ['paid', 'fulfilled', 'completed', 'partially_refunded', 'refunded'];
    expect(succeeded.length).toBe(paidStates.includes(detail.status) ? 1 : 0);
    for (const payment of detail.payments)
      expect(payment.amountRefunded).toBeLessThanOrEqual(payment.amountCaptured);
    if (succeeded.length) expect(detail.amountPaid).toBe(succeeded[0].amountCaptured);
    const events = await real.t.database.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', order.id)
      .execute();
    // Exactly one event per transition, creation included.
    expect(events.length).toBe(detail.statusHistory.length);
  }
}

const post = (real: Real, token: string, url: string, payload: unknown = {}) =>
  real.t.app.inject({
    method: 'POST',
    url,
    headers: bearer(token),
    payload: payload as Record<string, unknown>,
  });

class CreateOrder implements Command {
  constructor(readonly quantity: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await post(real, real.user, '/v1/orders', {
      items: [{ sku: real.sku, quantity: this.quantity }],
    });
    if (model.stock >= this.quantity) {
      expect(response.statusCode).toBe(201);
      model.stock -= this.quantity;
      model.orders.push({
        id: response.json().id,
        quantity: this.quantity,
        status: 'pending',
        paymentId: null,
        paymentStatus: null,
        captured: 0,
        refunded: 0,
      });
    } else {
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('out_of_stock');
    }
    await checkInvariants(model, real);
  }
  toString = () => `CreateOrder(${this.quantity})`;
}

class Pay implements Command {
  constructor(
    readonly index: number,
    readonly card: keyof typeof CARDS,
  ) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, real: Real) {
    const order = model.orders[this.index % model.orders.length]!;
    const response = await post(real, real.user, `/v1/orders/${order.id}/payments`, {
      provider: 'test',
      card: { number: CARDS[this.card] },
    });
    const payable = order.status === 'pending' && order.paymentStatus !== 'requires_capture';
    if (!payable) {
      expect(response.statusCode).toBe(409);
    } else if (this.card === 'success') {
      expect(response.statusCode).toBe(201);
      Object.assign(order, {
        status: 'paid',
        paymentId: response.json().id,
        paymentStatus: 'succeeded',
        captured: order.quantity * PRICE,
      });
    } else if (this.card === 'requiresCapture') {
      expect(response.statusCode).toBe(201);
      Object.assign(order, { paymentId: response.json().id, paymentStatus: 'requires_capture' });
    } else {
      expect(response.statusCode).toBe(402);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Pay(${this.index}, ${this.card})`;
}

class Capture implements Command {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, real: Real) {
    const order = model.orders[this.index % model.orders.length]!;
    if (!order.paymentId) return;
    const response = await post(real, real.admin, `/v1/payments/${order.paymentId}/capture`);
    if (order.paymentStatus === 'requires_capture') {
      expect(response.statusCode).toBe(200);
      Object.assign(order, { status: 'paid', paymentStatus: 'succeeded', captured: order.quantity * PRICE });
    } else {
      expect(response.statusCode).toBe(409);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Capture(${this.index})`;
}

class Refund implements Command {
  constructor(
    readonly index: number,
    readonly amount: number,
  ) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, real: Real) {
    const order = model.orders[this.index % model.orders.length]!;
    if (!order.paymentId) return;
    const response = await post(real, real.admin, `/v1/payments/${order.paymentId}/refunds`, {
      amount: this.amount,
    });
    if (order.paymentStatus === 'succeeded' && order.refunded + this.amount <= order.captured) {
      expect(response.statusCode).toBe(201);
      order.refunded += this.amount;
      order.status = order.refunded === order.captured ? 'refunded' : 'partially_refunded';
    } else {
      expect(response.statusCode).toBe(409);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Refund(${this.index}, ${this.amount})`;
}

class Cancel implements Command {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, real: Real) {
    const order = model.orders[this.index % model.orders.length]!;
    const response = await post(real, real.user, `/v1/orders/${order.id}/cancel`);
    if (order.status === 'pending' && order.paymentStatus !== 'requires_capture') {
      expect(response.statusCode).toBe(200);
      order.status = 'cancelled';
      model.stock += order.quantity;
    } else {
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('invalid_transition');
    }
    await checkInvariants(model, real);
  }
  toString = () => `Cancel(${this.index})`;
}

class Fulfill implements Command {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, real: Real) {
    const order = model.orders[this.index % model.orders.length]!;
    const response = await post(real, real.admin, `/v1/orders/${order.id}/fulfill`);
    if (order.status === 'paid' || order.status === 'partially_refunded') {
      expect(response.statusCode).toBe(200);
      order.status = 'fulfilled';
    } else {
      expect(response.statusCode).toBe(409);
    }
    await checkInvariants(model, real);
  }
  toString = () => `Fulfill(${this.index})`;
}

const commands = [
  fc.integer({ min: 1, max: 4 }).map((q) => new CreateOrder(q)),
  fc
    .tuple(fc.nat(), fc.constantFrom<keyof typeof CARDS>('success', 'declined', 'requiresCapture'))
    .map(([i, c]) => new Pay(i, c)),
  fc.nat().map((i) => new Capture(i)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 700 })).map(([i, a]) => new Refund(i, a)),
  fc.nat().map((i) => new Cancel(i)),
  fc.nat().map((i) => new Fulfill(i)),
];

for (const dialect of DIALECTS) {
  describe(`commerce model on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let user: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 1_000_000 } });
      admin = (await createAdmin(t)).accessToken;
      user = (await registerUser(t.app)).accessToken;
    });
    afterAll(async () => t?.close());

    it('create / pay / capture / refund / cancel / fulfil keep stock, money, state and events consistent', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
          const product = await createProduct(t.app, admin, { price: PRICE, stock: 8 });
          const model: Model = { stock: 8, orders: [] };
          const real: Real = { t, admin, user, productId: product.id, sku: product.sku };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        }),
        { numRuns: 25 },
      );
    }, 180_000);
  });
}
