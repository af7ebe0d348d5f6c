import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Collection,
  ConflictError,
  NotFoundError,
  type Product,
  type StockAdjustment,
  Tillpoint,
  UnprocessableEntityError,
  type Variant,
} from '../src/index.js';

// The catalog v2 routes (variants, collections, search filters) through an undici MockAgent: each test checks the
// method, path, query and body the SDK sends, and how it reads pages and problems.

const ORIGIN = 'http://tillpoint.test';
const id = (prefix: string, n = 1) => `${prefix}_${String(n).padStart(26, '0')}`;
const T = '2025-01-01T00:00:00.000Z';

function variant(n = 1, extra: Partial<Variant> = {}): Variant {
  return {
    id: id('var', n),
    object: 'variant',
    productId: id('prd'),
    sku: `TEE-${n}`,
    title: `Size ${n}`,
    options: { Size: String(n) },
    prices: [
      { currency: 'EUR', amount: 1999 },
      { currency: 'USD', amount: 2199 },
    ],
    stock: 5,
    grams: 180,
    taxCategory: null,
    active: true,
    position: n - 1,
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

function product(n = 1): Product {
  return {
    id: id('prd', n),
    object: 'product',
    handle: `tee-${n}`,
    sku: 'TEE-1',
    name: 'Tee',
    description: null,
    price: 1999,
    currency: 'EUR',
    active: true,
    stock: 5,
    options: [{ name: 'Size', values: ['1', '2'] }],
    variants: [variant(1), variant(2)],
    media: [],
    metadata: {},
    createdAt: T,
    updatedAt: T,
  };
}

function collection(n = 1, productIds: string[] = []): Collection {
  return {
    id: id('col', n),
    object: 'collection',
    handle: `summer-${n}`,
    title: `Summer ${n}`,
    description: null,
    productIds,
    createdAt: T,
    updatedAt: T,
  };
}

const adjustment: StockAdjustment = {
  id: id('sta'),
  object: 'stock_adjustment',
  productId: id('prd'),
  variantId: id('var'),
  delta: -2,
  reason: 'broken',
  stockAfter: 3,
  actor: `user:${id('usr')}`,
  createdAt: T,
};

interface Recorded {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

interface Reply {
  status: number;
  body: unknown;
}

let agent: MockAgent;
let requests: Recorded[];

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  requests = [];
});
afterEach(async () => {
  await agent.close();
});

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

/**
 * A client whose every request goes to `route` through the MockAgent and is recorded in `requests`. JSON bodies are
 * parsed; a 4xx/5xx reply is sent as `application/problem+json`.
 */
function mockClient(route: (req: Recorded) => Reply): Tillpoint {
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const text = typeof opts.body === 'string' ? opts.body : '';
      const req: Recorded = {
        method: opts.method,
        path: opts.path,
        body: text === '' ? undefined : JSON.parse(text),
        headers: headerRecord(opts.headers),
      };
      requests.push(req);
      const { status, body } = route(req);
      const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
      return {
        statusCode: status,
        data: JSON.stringify(body),
        responseOptions: {
          headers: { 'content-type': contentType, 'x-request-id': `req_${requests.length}` },
        },
      };
    })
    .persist();
  return new Tillpoint({ baseUrl: ORIGIN, dispatcher: agent, apiKey: 'tp_test', maxRetries: 0 });
}

const problem = (status: number, code: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { type: 'about:blank', title: code, status, detail: `detail for ${code}`, code, ...extra },
});

const last = () => requests.at(-1)!;

describe('client.products (catalog v2)', () => {
  it('list sends the search, collection, price-range and stock filters as query parameters', async () => {
    const client = mockClient(() => ({
      status: 200,
      body: { object: 'list', data: [product()], has_more: false },
    }));
    const page = await client.products.list({
      q: 'linen shirt',
      collection: 'summer-sale',
      currency: 'USD',
      minPrice: 1000,
      maxPrice: 5000,
      inStock: true,
      active: false,
      limit: 10,
    });
    expect(page.data[0]?.variants.map((v) => v.sku)).toEqual(['TEE-1', 'TEE-2']);
    expect(last()).toMatchObject({
      method: 'GET',
      path:
        '/v1/products?q=linen+shirt&collection=summer-sale&currency=USD&minPrice=1000&maxPrice=5000&inStock=true' +
        '&active=false&limit=10',
      body: undefined,
    });
  });

  it('list leaves out filters that are not given', async () => {
    const client = mockClient(() => ({ status: 200, body: { object: 'list', data: [], has_more: false } }));
    await client.products.list({ q: 'mug', inStock: undefined, minPrice: undefined });
    expect(last().path).toBe('/v1/products?q=mug');
    await client.products.list();
    expect(last().path).toBe('/v1/products');
  });

  it('create sends the variant form as given', async () => {
    const client = mockClient(() => ({ status: 201, body: product() }));
    const body = {
      name: 'Tee',
      handle: 'tee',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        {
          sku: 'TEE-S',
          options: { Size: 'S' },
          prices: [
            { currency: 'EUR', amount: 1999 },
            { currency: 'USD', amount: 2199 },
          ],
          stock: 5,
        },
        { sku: 'TEE-M', options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1999 }] },
      ],
    };
    const created = await client.products.create(body, { idempotencyKey: 'tee-1' });
    expect(created.options).toEqual([{ name: 'Size', values: ['1', '2'] }]);
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/products', body });
    expect(last().headers['idempotency-key']).toBe('tee-1');
  });

  it('adjustStock of a product with several variants surfaces 422 variant_required', async () => {
    const client = mockClient(() =>
      problem(422, 'variant_required', { errors: [{ path: 'variantId', message: 'name a variant' }] }),
    );
    const error = await client.products
      .adjustStock(id('prd'), { delta: 1, reason: 'found' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: 'variant_required', requestId: 'req_1' });
    expect((error as UnprocessableEntityError).errors).toEqual([
      { path: 'variantId', message: 'name a variant' },
    ]);
    expect(last()).toMatchObject({ method: 'POST', path: `/v1/products/${id('prd')}/stock-adjustments` });
  });
});

describe('client.products.variants', () => {
  it('list pages through a product’s variants with starting_after, the product ID encoded', async () => {
    const client = mockClient((req) =>
      req.path.includes('starting_after=')
        ? { status: 200, body: { object: 'list', data: [variant(3)], has_more: false } }
        : { status: 200, body: { object: 'list', data: [variant(1), variant(2)], has_more: true } },
    );
    const skus: string[] = [];
    for await (const v of client.products.variants.list('prd/1 x', { limit: 2, active: true }))
      skus.push(v.sku);
    expect(skus).toEqual(['TEE-1', 'TEE-2', 'TEE-3']);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/products/prd%2F1%20x/variants?limit=2&active=true',
      `GET /v1/products/prd%2F1%20x/variants?limit=2&active=true&starting_after=${id('var', 2)}`,
    ]);
  });

  it('a break stops fetching pages', async () => {
    const client = mockClient(() => ({
      status: 200,
      body: { object: 'list', data: [variant(1), variant(2)], has_more: true },
    }));
    for await (const v of client.products.variants.list(id('prd'))) {
      expect(v.sku).toBe('TEE-1');
      break;
    }
    expect(requests).toHaveLength(1);
  });

  it('create posts the variant with an automatic Idempotency-Key and returns it', async () => {
    const client = mockClient(() => ({ status: 201, body: variant(2) }));
    const body = {
      sku: 'TEE-M',
      options: { Size: 'M' },
      prices: [
        { currency: 'EUR', amount: 1999 },
        { currency: 'USD', amount: 2199 },
      ],
      stock: 4,
      grams: 180,
      taxCategory: 'reduced',
    };
    const { data, response, requestId } = await client.products.variants
      .create(id('prd'), body)
      .withResponse();
    expect(data).toMatchObject({ object: 'variant', sku: 'TEE-2' });
    expect(response.status).toBe(201);
    expect(requestId).toBe('req_1');
    expect(last()).toMatchObject({ method: 'POST', path: `/v1/products/${id('prd')}/variants`, body });
    expect(last().headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('create surfaces 409 sku_taken as ConflictError and 422 options_invalid as UnprocessableEntityError', async () => {
    let reply = problem(409, 'sku_taken');
    const client = mockClient(() => reply);
    const body = { sku: 'TEE-M', prices: [{ currency: 'EUR', amount: 1 }] };
    const conflict = await client.products.variants.create(id('prd'), body).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'sku_taken' });

    reply = problem(422, 'options_invalid');
    const invalid = await client.products.variants.create(id('prd'), body).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(UnprocessableEntityError);
    expect(invalid).toMatchObject({ status: 422, code: 'options_invalid' });
  });
});

describe('client.variants', () => {
  it('get, update, archive and adjustStock go to /v1/variants/:id', async () => {
    const client = mockClient((req) => {
      if (req.path.endsWith('/stock-adjustments')) return { status: 201, body: adjustment };
      if (req.method === 'DELETE') return { status: 200, body: variant(1, { active: false }) };
      return { status: 200, body: variant(1) };
    });
    const weird = 'var/../x y';

    expect((await client.variants.get(weird)).sku).toBe('TEE-1');
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/variants/var%2F..%2Fx%20y', body: undefined });

    const prices = [{ currency: 'JPY', amount: 2500 }];
    await client.variants.update(id('var'), { prices, grams: null, taxCategory: 'books' });
    expect(last()).toMatchObject({
      method: 'PATCH',
      path: `/v1/variants/${id('var')}`,
      body: { prices, grams: null, taxCategory: 'books' },
    });
    expect(last().headers['idempotency-key']).toBeUndefined();

    const archived = await client.variants.archive(id('var'));
    expect(archived.active).toBe(false);
    expect(last()).toMatchObject({ method: 'DELETE', path: `/v1/variants/${id('var')}`, body: undefined });

    const adjusted = await client.variants.adjustStock(
      id('var'),
      { delta: -2, reason: 'broken' },
      { idempotencyKey: 'adj-var-1' },
    );
    expect(adjusted).toEqual(adjustment);
    expect(last()).toMatchObject({
      method: 'POST',
      path: `/v1/variants/${id('var')}/stock-adjustments`,
      body: { delta: -2, reason: 'broken' },
    });
    expect(last().headers['idempotency-key']).toBe('adj-var-1');
  });

  it('an unknown variant is a NotFoundError carrying the request ID', async () => {
    const client = mockClient(() => problem(404, 'not_found'));
    const error = await client.variants.get(id('var', 9)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', requestId: 'req_1' });
  });

  it('reads a variant leniently: a field from a newer daemon does not throw', async () => {
    const client = mockClient(() => ({ status: 200, body: { ...variant(1), barcode: '4006381333931' } }));
    const read = (await client.variants.get(id('var'))) as Variant & { barcode?: string };
    expect(read.barcode).toBe('4006381333931');
  });
});

describe('client.collections', () => {
  it('create, get by handle, update and delete', async () => {
    const client = mockClient((req) => ({ status: req.method === 'POST' ? 201 : 200, body: collection() }));

    await client.collections.create({ title: 'Summer', handle: 'summer', description: 'Warm days' });
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/v1/collections',
      body: { title: 'Summer', handle: 'summer', description: 'Warm days' },
    });
    expect(last().headers['idempotency-key']).toEqual(expect.any(String));

    await client.collections.get('summer sale');
    expect(last()).toMatchObject({ method: 'GET', path: '/v1/collections/summer%20sale' });

    await client.collections.update(id('col'), { title: 'Late summer', description: null });
    expect(last()).toMatchObject({
      method: 'PATCH',
      path: `/v1/collections/${id('col')}`,
      body: { title: 'Late summer', description: null },
    });

    const deleted = await client.collections.delete(id('col'));
    expect(deleted.object).toBe('collection');
    expect(last()).toMatchObject({ method: 'DELETE', path: `/v1/collections/${id('col')}`, body: undefined });
  });

  it('addProduct PUTs the membership (with or without a position); removeProduct DELETEs it', async () => {
    const client = mockClient(() => ({ status: 200, body: collection(1, [id('prd')]) }));

    const added = await client.collections.addProduct('summer', id('prd'));
    expect(added.productIds).toEqual([id('prd')]);
    expect(last()).toMatchObject({
      method: 'PUT',
      path: `/v1/collections/summer/products/${id('prd')}`,
      body: {},
    });

    await client.collections.addProduct(id('col'), 'prd/2', { position: 0 });
    expect(last()).toMatchObject({
      method: 'PUT',
      path: `/v1/collections/${id('col')}/products/prd%2F2`,
      body: { position: 0 },
    });

    await client.collections.removeProduct(id('col'), id('prd'));
    expect(last()).toMatchObject({
      method: 'DELETE',
      path: `/v1/collections/${id('col')}/products/${id('prd')}`,
      body: undefined,
    });
  });

  it('list paginates with the cursor of the last collection', async () => {
    const client = mockClient((req) =>
      req.path.includes('starting_after=')
        ? { status: 200, body: { object: 'list', data: [collection(3)], has_more: false } }
        : { status: 200, body: { object: 'list', data: [collection(1), collection(2)], has_more: true } },
    );
    const first = await client.collections.list({ limit: 2 });
    expect(first.data.map((c) => c.handle)).toEqual(['summer-1', 'summer-2']);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((c) => c.handle)).toEqual(['summer-3']);
    expect(second.hasNextPage()).toBe(false);
    expect(requests.map((r) => r.path)).toEqual([
      '/v1/collections?limit=2',
      `/v1/collections?limit=2&starting_after=${id('col', 2)}`,
    ]);
  });

  it('a taken handle is a ConflictError with code handle_taken', async () => {
    const client = mockClient(() => problem(409, 'handle_taken'));
    const error = await client.collections
      .create({ title: 'Summer', handle: 'summer' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'handle_taken' });
    expect(requests).toHaveLength(1);
  });
});

describe('client.orders (catalog v2 lines)', () => {
  it('create sends lines by variant ID, SKU or product ID and the order currency', async () => {
    const client = mockClient(() => ({
      status: 201,
      body: {
        id: id('ord'),
        object: 'order',
        userId: null,
        status: 'pending',
        currency: 'USD',
        items: [],
        total: 4398,
        amountPaid: 0,
        amountRefunded: 0,
        paymentDueAt: null,
        createdAt: T,
        updatedAt: T,
        payments: [],
        refunds: [],
        statusHistory: [],
      },
    }));
    const body = {
      currency: 'USD',
      items: [
        { variantId: id('var'), quantity: 1 },
        { sku: 'TEE-2', quantity: 1 },
        { productId: id('prd', 2), quantity: 1 },
      ],
    };
    const order = await client.orders.create(body);
    expect(order.currency).toBe('USD');
    expect(last()).toMatchObject({ method: 'POST', path: '/v1/orders', body });
  });

  it('a line without a price in the order currency surfaces 422 price_missing', async () => {
    const client = mockClient(() => problem(422, 'price_missing'));
    const error = await client.orders
      .create({ currency: 'JPY', items: [{ sku: 'TEE-1', quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, code: 'price_missing' });
  });
});
