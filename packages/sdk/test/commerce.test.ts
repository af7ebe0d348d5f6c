import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  type Event,
  type Order,
  type Payment,
  PaymentFailedError,
  type Product,
  Tillpoint,
  TillpointError,
} from '../src/index.js';
import { sendJson, sendProblem, startServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const id = (prefix: string, n = 1) => `${prefix}_${String(n).padStart(26, '0')}`;
const T = '2025-01-01T00:00:00.000Z';

function product(n = 1): Product {
  return {
    id: id('prd', n),
    object: 'product',
    handle: `product-${n}`,
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    description: null,
    price: 1250,
    currency: 'EUR',
    active: true,
    stock: 10,
    options: [],
    variants: [],
    media: [],
    metadata: {},
    createdAt: T,
    updatedAt: T,
  };
}

function order(n = 1): Order {
  return {
    id: id('ord', n),
    object: 'order',
    userId: null,
    status: 'pending',
    currency: 'EUR',
    items: [],
    email: null,
    cartId: null,
    regionId: null,
    pricesIncludeTax: null,
    subtotal: 2500,
    discountTotal: 0,
    shippingTotal: 0,
    taxTotal: 0,
    shippingAddress: null,
    billingAddress: null,
    shippingMethod: null,
    total: 2500,
    amountPaid: 0,
    amountRefunded: 0,
    paymentDueAt: null,
    createdAt: T,
    updatedAt: T,
  };
}

function payment(n = 1): Payment {
  return {
    id: id('pay', n),
    object: 'payment',
    orderId: id('ord'),
    provider: 'test',
    status: 'succeeded',
    amount: 2500,
    amountCaptured: 2500,
    amountRefunded: 0,
    currency: 'EUR',
    providerReference: null,
    failureCode: null,
    failureMessage: null,
    createdAt: T,
    updatedAt: T,
  };
}

/** Answers every request with `body(req)` and status 200 (201 for POST). */
async function echo(body: (req: IncomingMessage) => unknown) {
  server = await startServer((req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, req.method === 'POST' ? 201 : 200, body(req)),
  );
  return { srv: server, client: new Tillpoint({ baseUrl: server.url, maxRetries: 0, apiKey: 'tp_test' }) };
}

const last = (srv: TestServer) => {
  const request = srv.requests.at(-1)!;
  return {
    method: request.method,
    url: request.url,
    body: request.body === '' ? undefined : JSON.parse(request.body),
    idempotencyKey: request.headers['idempotency-key'],
  };
};

describe('client.products', () => {
  it('sends each method to its route with its body', async () => {
    const { srv, client } = await echo(() => product());
    const weird = 'prd/../x y';

    await client.products.create({ sku: 'MUG', name: 'Mug', price: 1250, currency: 'EUR', stock: 5 });
    expect(last(srv)).toMatchObject({
      method: 'POST',
      url: '/v1/products',
      body: { sku: 'MUG', name: 'Mug', price: 1250, currency: 'EUR', stock: 5 },
      idempotencyKey: expect.any(String),
    });

    await client.products.get(weird);
    expect(last(srv)).toMatchObject({ method: 'GET', url: '/v1/products/prd%2F..%2Fx%20y' });

    await client.products.update(id('prd'), { price: 1500, active: false });
    expect(last(srv)).toMatchObject({
      method: 'PATCH',
      url: `/v1/products/${id('prd')}`,
      body: { price: 1500, active: false },
    });

    await client.products.archive(id('prd'));
    expect(last(srv)).toMatchObject({ method: 'DELETE', url: `/v1/products/${id('prd')}`, body: undefined });

    await client.products.adjustStock(weird, { delta: -2, reason: 'broken' }, { idempotencyKey: 'adj-1' });
    expect(last(srv)).toEqual({
      method: 'POST',
      url: '/v1/products/prd%2F..%2Fx%20y/stock-adjustments',
      body: { delta: -2, reason: 'broken' },
      idempotencyKey: 'adj-1',
    });
  });

  it('list sends friendly filters as query parameters and paginates', async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      const after = url.searchParams.get('starting_after');
      if (after === null)
        sendJson(res, 200, { object: 'list', data: [product(1), product(2)], has_more: true });
      else sendJson(res, 200, { object: 'list', data: [product(3)], has_more: false });
    });
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 0 });
    const skus: string[] = [];
    for await (const p of client.products.list({ active: true, limit: 2, currency: 'EUR', q: 'mug' }))
      skus.push(p.sku);
    expect(skus).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/products?active=true&limit=2&currency=EUR&q=mug',
      `/v1/products?active=true&limit=2&currency=EUR&q=mug&starting_after=${id('prd', 2)}`,
    ]);
  });
});

describe('client.orders', () => {
  it('create, get, list and the transitions', async () => {
    const { srv, client } = await echo((req) =>
      req.method === 'GET' && req.url?.startsWith('/v1/orders?')
        ? { object: 'list', data: [order()], has_more: false }
        : { ...order(), payments: [], refunds: [], statusHistory: [] },
    );
    const created = await client.orders.create(
      {
        items: [
          { sku: 'MUG', quantity: 2 },
          { productId: id('prd', 2), quantity: 1 },
        ],
        userId: id('usr'),
      },
      { idempotencyKey: 'order-key-1' },
    );
    expect(created.id).toBe(id('ord'));
    expect(last(srv)).toEqual({
      method: 'POST',
      url: '/v1/orders',
      body: {
        items: [
          { sku: 'MUG', quantity: 2 },
          { productId: id('prd', 2), quantity: 1 },
        ],
        userId: id('usr'),
      },
      idempotencyKey: 'order-key-1',
    });

    await client.orders.get('ord 1');
    expect(last(srv)).toMatchObject({ method: 'GET', url: '/v1/orders/ord%201' });

    const page = await client.orders.list({ status: 'paid', sort: 'created', limit: 5 });
    expect(page.data).toHaveLength(1);
    expect(last(srv).url).toBe('/v1/orders?status=paid&sort=created&limit=5');

    await client.orders.cancel(id('ord'), { reason: 'changed mind' });
    expect(last(srv)).toMatchObject({
      method: 'POST',
      url: `/v1/orders/${id('ord')}/cancel`,
      body: { reason: 'changed mind' },
      idempotencyKey: expect.any(String),
    });
    await client.orders.fulfill(id('ord'));
    expect(last(srv)).toMatchObject({ url: `/v1/orders/${id('ord')}/fulfill`, body: {} });
    await client.orders.complete(id('ord'), undefined, { idempotencyKey: 'done-1' });
    expect(last(srv)).toMatchObject({
      url: `/v1/orders/${id('ord')}/complete`,
      body: {},
      idempotencyKey: 'done-1',
    });
  });

  it('an out_of_stock 409 surfaces as ConflictError with its code, the key reused on each retry', async () => {
    server = await startServer((_req, res) => sendProblem(res, 409, 'out_of_stock', { 'retry-after': '0' }));
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 1 });
    const error = await client.orders
      .create({ items: [{ sku: 'MUG', quantity: 99 }] }, { idempotencyKey: 'k-409' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('out_of_stock');
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-409', 'k-409']);
  });
});

describe('client.payments', () => {
  it('create posts to the order; capture and refund post to the payment', async () => {
    const { srv, client } = await echo((req) =>
      req.url?.endsWith('/refunds')
        ? {
            id: id('ref'),
            object: 'refund',
            paymentId: id('pay'),
            amount: 500,
            currency: 'EUR',
            status: 'succeeded',
            reason: null,
            providerReference: null,
            createdAt: T,
          }
        : req.url?.startsWith('/v1/payments?')
          ? { object: 'list', data: [payment()], has_more: false }
          : payment(),
    );
    await client.payments.create(
      'ord/1',
      { provider: 'test', card: { number: '4242424242424242' }, captureMethod: 'manual' },
      { idempotencyKey: 'pay-1' },
    );
    expect(last(srv)).toEqual({
      method: 'POST',
      url: '/v1/orders/ord%2F1/payments',
      body: { provider: 'test', card: { number: '4242424242424242' }, captureMethod: 'manual' },
      idempotencyKey: 'pay-1',
    });

    await client.payments.get(id('pay'));
    expect(last(srv)).toMatchObject({ method: 'GET', url: `/v1/payments/${id('pay')}` });

    await client.payments.list({ orderId: id('ord'), status: 'succeeded' });
    expect(last(srv).url).toBe(`/v1/payments?orderId=${id('ord')}&status=succeeded`);

    await client.payments.capture(id('pay'), { amount: 1000 });
    expect(last(srv)).toMatchObject({
      method: 'POST',
      url: `/v1/payments/${id('pay')}/capture`,
      body: { amount: 1000 },
    });
    await client.payments.capture(id('pay'));
    expect(last(srv)).toMatchObject({ body: {} });

    await client.payments.void(id('pay'), { idempotencyKey: 'void-1' });
    expect(last(srv)).toMatchObject({
      method: 'POST',
      url: `/v1/payments/${id('pay')}/void`,
      idempotencyKey: 'void-1',
    });

    const refund = await client.payments.refund(
      id('pay'),
      { amount: 500, reason: 'damaged' },
      { idempotencyKey: 'refund-1' },
    );
    expect(refund.object).toBe('refund');
    expect(last(srv)).toEqual({
      method: 'POST',
      url: `/v1/payments/${id('pay')}/refunds`,
      body: { amount: 500, reason: 'damaged' },
      idempotencyKey: 'refund-1',
    });
  });

  it('a declined card is a 402 PaymentFailedError with code payment_failed, not retried', async () => {
    server = await startServer((_req, res) =>
      sendProblem(res, 402, 'payment_failed', {}, { declineCode: 'card_declined' }),
    );
    const client = new Tillpoint({ baseUrl: server.url });
    const error = await client.payments
      .create(id('ord'), { provider: 'test', card: { number: '4000000000000002' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentFailedError);
    expect(error).toBeInstanceOf(TillpointError);
    expect((error as TillpointError).status).toBe(402);
    expect((error as TillpointError).problem).toMatchObject({ declineCode: 'card_declined' });
    expect((error as TillpointError).code).toBe('payment_failed');
    expect(server.requests).toHaveLength(1);
  });
});

describe('client.events', () => {
  it('list filters by type and subject; get encodes the ID', async () => {
    const event: Event = {
      id: id('evt'),
      object: 'event',
      type: 'order.created',
      version: 1,
      subjectId: id('ord'),
      data: {},
      createdAt: T,
    };
    const { srv, client } = await echo((req) =>
      req.url?.startsWith('/v1/events?') ? { object: 'list', data: [event], has_more: false } : event,
    );
    const page = await client.events.list({ type: 'order.created', subjectId: id('ord'), limit: 10 });
    expect(page.data[0]?.type).toBe('order.created');
    expect(last(srv).url).toBe(`/v1/events?type=order.created&subjectId=${id('ord')}&limit=10`);
    await client.events.get('evt 1');
    expect(last(srv)).toMatchObject({ method: 'GET', url: '/v1/events/evt%201' });
  });

  it('every list and get honours per-request options (timeout, signal, maxRetries)', async () => {
    server = await startServer((_req, res) =>
      sendProblem(res, 503, 'provider_unavailable', { 'retry-after': '0' }),
    );
    const client = new Tillpoint({ baseUrl: server.url, maxRetries: 5 });
    await expect(client.events.get(id('evt'), { maxRetries: 0 })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
    const controller = new AbortController();
    controller.abort();
    await expect(client.products.list({}, { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});
