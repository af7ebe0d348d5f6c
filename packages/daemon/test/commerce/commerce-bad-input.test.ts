import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/** Bodies wrong in every way a client gets them wrong (an empty object is valid for several of these routes). */
const BAD_BODIES: Array<[string, unknown]> = [
  ['array', []],
  ['string', 'hello'],
  ['number', 42],
  [
    'wrong types',
    {
      sku: 1,
      name: [],
      price: '12',
      currency: 5,
      items: 'x',
      quantity: '2',
      amount: '5',
      delta: '1',
      provider: 9,
      reason: {},
    },
  ],
  ['fractional money', { price: 12.5, amount: 0.5, delta: 1.5, items: [{ sku: 'A', quantity: 1.5 }] }],
  ['negative money', { price: -1, amount: -5, items: [{ sku: 'A', quantity: -1 }] }],
  ['huge numbers', { price: 1e300, amount: 2 ** 60, delta: 2 ** 53, items: [{ sku: 'A', quantity: 1e9 }] }],
  ['huge strings', { sku: 'S'.repeat(10_000), name: 'n'.repeat(50_000), reason: 'r'.repeat(10_000) }],
  [
    'NUL and control characters',
    { sku: 'A\u0000B', name: 'x\u0007y', reason: '\u0000', provider: 'test\u0000' },
  ],
  ['unicode edge cases', { sku: '\ud800', name: '\u202e\u200b', currency: 'ЕUR', provider: '🙂' }],
  [
    'unknown fields',
    {
      sku: 'OK-1',
      name: 'ok',
      price: 1,
      currency: 'EUR',
      discount: 50,
      items: [{ sku: 'A', quantity: 1, price: 0 }],
      unknown: true,
    },
  ],
  ['too many items', { items: Array.from({ length: 101 }, () => ({ sku: 'A', quantity: 1 })) }],
];

for (const dialect of DIALECTS) {
  describe(`commerce bad input on ${dialect}`, () => {
    let t: TestApp;
    let tokens: { admin: string; user: string };
    let ids: { product: string; order: string; payment: string };

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 1_000_000 } });
      tokens = { admin: (await createAdmin(t)).accessToken, user: (await registerUser(t.app)).accessToken };
      const product = await createProduct(t.app, tokens.admin, { stock: 50 });
      const order = await placeOrder(t.app, tokens.user, [{ sku: product.sku, quantity: 1 }]);
      const payment = (await payOrder(t.app, tokens.user, order.id)).json() as { id: string };
      ids = {
        product: product.id,
        order: (await placeOrder(t.app, tokens.user, [{ sku: product.sku, quantity: 1 }])).id,
        payment: payment.id,
      };
    });
    afterAll(async () => t?.close());

    /** Row counts of every commerce table: bad input must leave all of them untouched. */
    async function snapshot() {
      const tables = [
        'products',
        'stock_adjustments',
        'orders',
        'order_items',
        'payments',
        'refunds',
        'events',
        'idempotency_keys',
      ] as const;
      const counts: Record<string, number> = {};
      for (const table of tables)
        counts[table] = (await t.database.db.selectFrom(table).select('id').execute()).length;
      const product = await t.database.db
        .selectFrom('products')
        .select(['stock', 'price'])
        .where('id', '=', ids.product)
        .executeTakeFirstOrThrow();
      return { counts, product };
    }

    const routes = () => [
      { method: 'POST' as const, url: '/v1/products', token: tokens.admin },
      { method: 'PATCH' as const, url: `/v1/products/${ids.product}`, token: tokens.admin },
      { method: 'POST' as const, url: `/v1/products/${ids.product}/stock-adjustments`, token: tokens.admin },
      { method: 'POST' as const, url: '/v1/orders', token: tokens.user },
      { method: 'POST' as const, url: `/v1/orders/${ids.order}/cancel`, token: tokens.user },
      { method: 'POST' as const, url: `/v1/orders/${ids.order}/payments`, token: tokens.user },
      { method: 'POST' as const, url: `/v1/payments/${ids.payment}/capture`, token: tokens.admin },
      { method: 'POST' as const, url: `/v1/payments/${ids.payment}/refunds`, token: tokens.admin },
    ];

    it('answers every bad body with a 4xx problem, never a 500, and writes nothing', async () => {
      const before = await snapshot();
      for (const route of routes()) {
        for (const [name, body] of BAD_BODIES) {
          const response = await t.app.inject({
            method: route.method,
            url: route.url,
            headers: {
              ...bearer(route.token),
              'content-type': 'application/json',
              'idempotency-key': `bad-${name}-${route.url}`,
            },
            payload: JSON.stringify(body),
          });
          const where = `${route.method} ${route.url} with ${name}`;
          expect(response.statusCode, `${where}: ${response.body}`).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, where).toBeLessThan(500);
          expect(response.headers['content-type'], where).toContain('application/problem+json');
        }
      }
      const after = await snapshot();
      expect(after).toEqual(before);
    });

    it('bad IDs in paths and queries are 4xx', async () => {
      for (const url of [
        '/v1/products/prd_bad',
        '/v1/orders/ord_%00',
        '/v1/payments/pay_x',
        '/v1/orders?status=shipped',
        '/v1/orders?createdFrom=yesterday',
        '/v1/orders?sort=price',
        '/v1/products?currency=euro',
        '/v1/products?q=%00',
        '/v1/events?type=order.exploded',
      ]) {
        const response = await t.app.inject({ url, headers: bearer(tokens.admin) });
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, url).toBeLessThan(500);
      }
    });

    it('property: arbitrary order bodies never cause a 500 or a half-written order', async () => {
      const product = await createProduct(t.app, tokens.admin, { stock: 1_000_000 });
      const item = fc.record(
        {
          sku: fc.oneof(fc.constant(product.sku), fc.string()),
          productId: fc.oneof(fc.constant(product.id), fc.string()),
          quantity: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.double(), fc.string()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.record({ items: fc.array(item, { maxLength: 4 }) }), fc.jsonValue()),
          async (body) => {
            const orders = (await t.database.db.selectFrom('orders').select('id').execute()).length;
            const items = (await t.database.db.selectFrom('order_items').select('id').execute()).length;
            const response = await t.app.inject({
              method: 'POST',
              url: '/v1/orders',
              headers: bearer(tokens.user),
              payload: body as object,
            });
            expect(response.statusCode).toBeLessThan(500);
            const ordersAfter = (await t.database.db.selectFrom('orders').select('id').execute()).length;
            const itemsAfter = (await t.database.db.selectFrom('order_items').select('id').execute()).length;
            if (response.statusCode === 201) {
              expect(ordersAfter).toBe(orders + 1);
              expect(itemsAfter - items).toBe(response.json().items.length);
            } else {
              expect([ordersAfter, itemsAfter]).toEqual([orders, items]);
            }
          },
        ),
        { numRuns: 100 },
      );
    }, 120_000);
  });
}
