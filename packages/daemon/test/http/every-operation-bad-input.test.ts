import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sample } from 'openapi-sampler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, readyGuestCart } from '../support/cart-fixtures.js';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { avif, gif, jpeg, multipart, png, webp } from '../support/image-fixtures.js';
import { createResponseChecker } from '../support/openapi-responses.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/**
 * Every operation of the document the daemon serves, called with bad input the way a fuzzer built from that
 * document calls it (as Schemathesis does): odd path segments, odd query values, wrong bodies, random JSON, and
 * random values under the body's own property names. Whatever the input, the answer is never a 5xx, an error is
 * problem+json with a stable `code`, every answer is one the document declares for the operation (status, media
 * type, body schema), and a body the document calls invalid is never accepted. Routes added later are covered without touching this file. The random
 * inputs come from a fixed seed, so a failure here repeats.
 */

/** A PNG whose header claims 2^31 − 1 × 2^31 − 1 pixels (its checksum left stale, as a forger would). */
function pngClaimingHugeSize(): Buffer {
  const image = Buffer.from(png(4, 4));
  image.writeUInt32BE(0x7fffffff, 16);
  image.writeUInt32BE(0x7fffffff, 20);
  return image;
}

/** Image uploads a client gets wrong or forges: truncated, lying, empty, random, several, or none at all. */
function badImageUploads(): Array<{ payload: Buffer | string; contentType: string }> {
  const file = (data: Buffer, contentType = 'image/png', filename = 'x.png') =>
    multipart([{ name: 'file', filename, contentType, data }]);
  const bodies = [
    file(png(4, 4).subarray(0, 30)),
    file(jpeg(4, 4).subarray(0, 20), 'image/jpeg', 'x.jpg'),
    file(gif().subarray(0, 12), 'image/gif', 'x.gif'),
    file(webp().subarray(0, 16), 'image/webp', 'x.webp'),
    file(avif().subarray(0, 40), 'image/avif', 'x.avif'),
    file(pngClaimingHugeSize()),
    file(Buffer.alloc(0)),
    file(png(4, 4), 'image/png', '..\\..\\evil\u0000.png'),
    file(jpeg(4, 4), 'image/png'),
    file(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/svg+xml',
      'x.svg',
    ),
    ...fc
      .sample(fc.uint8Array({ minLength: 1, maxLength: 2_000 }), { numRuns: 4, seed: 7 })
      .map((bytes) => file(Buffer.from(bytes))),
    multipart([{ name: 'alt', value: 'no file at all' }]),
    multipart([
      { name: 'file', filename: 'a.png', contentType: 'image/png', data: png(2, 2) },
      { name: 'file', filename: 'b.png', contentType: 'image/png', data: png(2, 2) },
    ]),
  ];
  return [
    ...bodies.map(({ payload, headers }) => ({ payload, contentType: headers['content-type'] as string })),
    {
      payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
      contentType: 'multipart/form-data; boundary=x',
    },
    { payload: 'no boundary here', contentType: 'multipart/form-data' },
    { payload: '', contentType: 'multipart/form-data; boundary=x' },
  ];
}

/** CSV and JSON Lines uploads a client gets wrong: empty, headless, ragged, binary, NUL, one endless line. */
const BAD_TEXT_UPLOADS: Array<string | Buffer> = [
  '',
  '\n\n\n',
  'sku,name,price,currency\n',
  'sku,name\n"unterminated,quote\n',
  `${Array.from({ length: 5_000 }, (_, index) => `c${index}`).join(',')}\n1\n`,
  'sku,name,price,currency\nA\u0000B,Mug,100,EUR\n',
  Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0xdc, 0x80, 0x81]),
  `{"sku":"A"}\n{not json}\n[1,2,3]\nnull\n"${'x'.repeat(200_000)}"\n`,
];

/** The resource (by its path segment) that a body's `<name>Id` field names. */
const RESOURCE_OF_ID: Record<string, string> = {
  region: 'regions',
  product: 'products',
  variant: 'variants',
  collection: 'collections',
  shippingMethod: 'shipping-methods',
  taxRate: 'tax-rates',
  promotion: 'promotions',
  order: 'orders',
  payment: 'payments',
  user: 'users',
  endpoint: 'webhook-endpoints',
  address: 'addresses',
};

/** Top-level values a sample needs to get past the first check (a job type the catalog knows). */
const SAMPLE_OVERRIDES: Record<string, Record<string, unknown>> = {
  'jobs.create': { type: 'system.probe' },
  'jobs.createBatch': { jobs: [{ type: 'system.probe', params: {} }] },
};

/** Operations left out, and why. */
const LEFT_OUT: Record<string, string> = {
  'events.stream': 'a good request stays open (server-sent events); tested in event-stream-http.test.ts',
};

/** Query parameters left out: `wait` holds a good request open for up to its value in seconds. */
const QUERY_LEFT_OUT = new Set(['wait']);

/** Path segments a client (or an attacker) sends where an ID belongs. */
const BAD_SEGMENTS = [
  'nonexistent_00000000000000000000',
  '%00',
  '%E0%A4%A',
  encodeURIComponent('😀'),
  encodeURIComponent('\u202e\u200b'),
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(3000),
  '-1',
  encodeURIComponent("' or 1=1 --"),
];

/** Query values: empty, wrong type, out of range, huge, NUL, malformed encoding. */
const BAD_QUERY_VALUES = [
  '',
  'abc',
  '-1',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(3000),
  '%00',
  '%E0%A4%A',
  'true,false',
];

/** Bodies wrong in every way a client gets them wrong. */
const BAD_BODIES: unknown[] = [
  {},
  [],
  'hello',
  42,
  null,
  { id: 1, name: [], price: '12', quantity: -1, amount: 1e300, email: {}, code: null },
  JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"polluted": true}}}'),
  { name: 'n'.repeat(100_000) },
  { name: 'a\u0000b' },
  { code: '\ud800', email: '\u202eevil@example.com' },
];

const RANDOM_BODIES_PER_OPERATION = 6;

/** Header sets, each sent on its own in place of the usual ones of that name (latin-1 only: HTTP headers are). */
const BAD_HEADERS: Array<Record<string, string>> = [
  { authorization: 'Bearer ' },
  { authorization: `Bearer ${'a'.repeat(8000)}` },
  { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
  { authorization: 'Bearer \u00ff\u00fe' },
  { 'x-api-key': 'tp_key_nonexistent' },
  { cookie: 'tp_access=garbage; tp_refresh=%ZZ; ;;=' },
  { 'x-cart-token': 'a'.repeat(5000) },
  { 'x-order-token': '\u00e9\u00e8' },
  { 'idempotency-key': 'k'.repeat(5000) },
  { 'idempotency-key': ' ' },
  { 'content-type': 'application/json; charset=utf-16' },
  { 'content-type': 'application/json;;;' },
  { 'x-request-id': '<script>\u00ff' },
  { accept: 'application/xml' },
];

/** An object holding a value nested 100,000 levels deep, as JSON text, and its stand-in in a serialized body. */
const DEEP_OBJECT = `{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
const DEEP_MARK = '\u0001deep\u0001';

/** Values at and past the bounds a field of each JSON type might have (an `int4` column, 2^53, long text). */
const BOUNDARY_VALUES: Record<'number' | 'string' | 'array', unknown[]> = {
  number: [0, -1, 1.5, 2_147_483_647, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e21],
  string: [
    '',
    ' ',
    'x'.repeat(10_001),
    // A long line ending in a control character: a backtracking pattern takes minutes on it (the test times out).
    `${'x'.repeat(200_000)}\u0001x`,
    '😀'.repeat(2_000),
    'ÅΩ≈ç√ǅ',
    '-1',
    '2147483648',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    'not-a-date',
  ],
  array: [[], Array.from({ length: 1_000 }, () => 'x')],
};

/**
 * The fields of a sample body and their values: its own, and those of an object it holds directly or as the first
 * element of a list (an order's `items[0].quantity`).
 */
function fieldsOf(body: unknown): Array<[Array<string | number>, unknown]> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.entries(body).flatMap(([key, value]) => {
    const inner = Array.isArray(value) ? value[0] : value;
    const innerPath = Array.isArray(value) ? [key, 0] : [key];
    const nested = fieldsOf(inner).map(([path, item]): [Array<string | number>, unknown] => [
      [...innerPath, ...path],
      item,
    ]);
    return [[[key], value] as [Array<string | number>, unknown], ...nested];
  });
}

/** A copy of `body` with the field at `path` set to `value` (left out when undefined). */
function withField(body: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

interface Operation {
  id: string;
  method: string;
  path: string;
  jsonBody: boolean;
  /** The JSON body's schema, as the document gives it (often a `$ref`). */
  bodySchema: Schema | undefined;
  bodyProperties: string[];
  /** The body's media types other than JSON (multipart images, CSV, JSON Lines). */
  otherMediaTypes: string[];
  queryParameters: string[];
}

type Schema = { $ref?: string; properties?: Record<string, unknown>; anyOf?: Schema[]; oneOf?: Schema[] };

function operationsOf(document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
}): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? document.components?.schemas?.[schema.$ref.split('/').pop() as string] : schema;
  const propertiesOf = (schema: Schema | undefined): string[] => {
    const resolved = resolve(schema);
    if (!resolved) return [];
    const variants = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])];
    return [...Object.keys(resolved.properties ?? {}), ...variants.flatMap(propertiesOf)];
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      const parameters = (operation.parameters ?? []) as Array<{ in: string; name: string }>;
      return {
        id: operation.operationId as string,
        method: method.toUpperCase(),
        path,
        jsonBody: Boolean(content?.['application/json']),
        bodySchema: content?.['application/json']?.schema,
        bodyProperties: [...new Set(propertiesOf(content?.['application/json']?.schema))],
        otherMediaTypes: Object.keys(content ?? {}).filter((type) => type !== 'application/json'),
        queryParameters: parameters.filter((p) => p.in === 'query').map((p) => p.name),
      };
    }),
  );
}

for (const dialect of DIALECTS) {
  describe(`every operation of the document, with bad input, on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let cartToken: string;
    /** Real IDs to put in a path where the segment under test is another one (by the segment before it). */
    const ids = new Map<string, string>();
    /** Values a sample body gets under these keys, so it reaches past the lookups (a real SKU, country…). */
    const known = new Map<string, string>();
    const failures: string[] = [];
    let calls = 0;
    /** Answers in 2xx, whose bodies the document's schemas judged. */
    let successes = 0;
    let responses: ReturnType<typeof createResponseChecker>;

    beforeAll(async () => {
      // Private webhook targets allowed, so the endpoint created here can be 127.0.0.1. Sampled bodies create
      // endpoints at other hosts too; nothing is delivered to them, as this app runs no workers.
      t = await createTestApp(dialect, {
        config: { rateLimitMax: 1_000_000, webhookAllowPrivateTargets: true },
      });
      admin = (await createAdmin(t)).accessToken;
      responses = createResponseChecker(t.app.swagger() as Record<string, unknown>);
      const shop = await createShop(t.app, admin);
      const product = await createProduct(t.app, admin, { price: 1000, stock: 1000 });
      const cart = await readyGuestCart(t.app, shop, product);
      const order = await placeOrder(t.app, admin, [{ sku: product.sku, quantity: 1 }]);
      const payment = (await payOrder(t.app, admin, order.id, CARDS.requiresCapture)).json() as {
        id: string;
      };
      const other = await registerUser(t.app);
      const variants = await t.app.inject({
        url: `/v1/products/${product.id}/variants`,
        headers: bearer(admin),
      });
      const created = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(admin), payload });
        if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
        return (response.json() as { id: string }).id;
      };
      cartToken = cart.token;
      known.set('sku', product.sku);
      known.set('countryCode', shop.country);
      known.set('currency', 'EUR');
      known.set('code', 'FUZZ');
      known.set('jobType', 'system.probe');
      ids.set('products', product.id);
      ids.set('variants', (variants.json() as { data: Array<{ id: string }> }).data[0]!.id);
      ids.set('regions', shop.region.id);
      ids.set('tax-rates', shop.taxRateId);
      ids.set('shipping-methods', shop.shippingMethodId);
      ids.set('carts', cart.id);
      ids.set('items', cart.cart.lines[0]!.id);
      ids.set('orders', order.id);
      ids.set('payments', payment.id);
      ids.set('users', other.user.id);
      ids.set('collections', await created('/v1/collections', { title: 'Fuzzed' }));
      ids.set(
        'promotions',
        await created('/v1/promotions', {
          name: 'Fuzz',
          code: 'FUZZ',
          discount: { type: 'percentage', bps: 500 },
        }),
      );
      ids.set(
        'addresses',
        await created('/v1/me/addresses', {
          address: { name: 'Ada', line1: 'Main 1', city: 'Town', countryCode: 'DE' },
        }),
      );
      ids.set('api-keys', await created('/v1/api-keys', { name: 'fuzz key', role: 'user' }));
      ids.set(
        'schedules',
        await created('/v1/schedules', { name: 'fuzz', intervalSeconds: 3600, jobType: 'system.probe' }),
      );
      ids.set('jobs', await created('/v1/jobs', { type: 'system.probe' }));
      ids.set(
        'webhook-endpoints',
        await created('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook' }),
      );
    });
    afterAll(async () => t?.close());

    /** The path with every parameter a real ID (when there is one), except `bad` at `badIndex`. */
    function pathWith(template: string, badIndex = -1, bad = ''): string {
      let index = -1;
      return template.replace(/\{[^}]+\}/g, (match, offset: number) => {
        index += 1;
        if (index === badIndex) return bad;
        const before = template.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
        return ids.get(before) ?? (match === '{code}' ? 'FUZZ' : BAD_SEGMENTS[0]!);
      });
    }

    /**
     * Sends one request; a 5xx, or an error that is not problem+json with a code, is a failure. `headers` replace
     * the usual ones (the admin's bearer token, the cart token, the JSON content type).
     */
    async function send(operation: Operation, url: string, body?: unknown, headers?: Record<string, string>) {
      calls += 1;
      const payload = body === undefined ? undefined : JSON.stringify(body);
      let response = await call(operation, url, payload, headers);
      if (response.statusCode === 401 && !headers && !(await adminSignedIn())) {
        // The admin's own session ended (a password change, a sign-out everywhere): go on as a new admin.
        admin = (await createAdmin(t)).accessToken;
        response = await call(operation, url, payload);
      }
      const invalidAccepted =
        body !== undefined &&
        response.statusCode < 300 &&
        responses.acceptsJsonBody(operation.path, operation.method.toLowerCase(), body) === false;
      const problem = invalidAccepted
        ? 'a body the document calls invalid was accepted'
        : problemIn(operation, response);
      if (response.statusCode >= 500 || problem)
        failures.push(
          `${operation.id}: ${operation.method} ${url.slice(0, 200)} ${payload?.slice(0, 200) ?? ''} ` +
            `${headers ? JSON.stringify(headers).slice(0, 200) : ''} → ` +
            `${response.statusCode} ${problem ?? ''} ${response.body.slice(0, 300)}`,
        );
    }

    /** Sends a body as it is, with its own media type; judged as `send` judges. */
    async function sendRaw(operation: Operation, url: string, payload: Buffer | string, contentType: string) {
      calls += 1;
      const response = await t.app.inject({
        method: operation.method as 'POST',
        url,
        headers: { ...bearer(admin), 'content-type': contentType },
        payload,
      });
      const problem = problemIn(operation, response);
      if (response.statusCode >= 500 || problem)
        failures.push(
          `${operation.id}: ${operation.method} ${url} (${contentType}, ${Buffer.byteLength(payload)} bytes) → ` +
            `${response.statusCode} ${problem ?? ''} ${response.body.slice(0, 300)}`,
        );
    }

    /** Whether the admin's token still works: a 401 can be the operation's answer (a bad refresh token). */
    async function adminSignedIn() {
      return (await t.app.inject({ url: '/v1/me', headers: bearer(admin) })).statusCode === 200;
    }

    function call(
      operation: Operation,
      url: string,
      payload: string | undefined,
      headers?: Record<string, string>,
    ) {
      return t.app.inject({
        method: operation.method as 'GET',
        url,
        headers: {
          ...bearer(admin),
          'x-cart-token': cartToken,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(payload === undefined ? {} : { payload }),
      });
    }

    /**
     * What is wrong with an answer: an error that is not problem+json with a code, or any answer the document does
     * not declare for the operation (its status, media type or body), as a validating proxy would report it.
     */
    function problemIn(operation: Operation, response: LightMyRequestResponse): string | undefined {
      const contentType = response.headers['content-type'] as string | undefined;
      if (response.statusCode < 300) successes += 1;
      if (response.statusCode >= 400) {
        if (!String(contentType).startsWith(PROBLEM_CONTENT_TYPE)) return `not problem+json (${contentType})`;
        const code = (response.json() as { code?: unknown }).code;
        if (typeof code !== 'string' || code.length === 0) return 'no code';
      }
      const undeclared = responses.problems(
        {
          path: operation.path,
          method: operation.method.toLowerCase(),
          status: response.statusCode,
          contentType,
          body: response.rawPayload,
          headers: response.headers,
        },
        'not as documented',
      );
      return undeclared.length > 0 ? undeclared.join('; ') : undefined;
    }

    /** `value` with every `…Id` key that names a resource created above, and every known key, set to a real value. */
    function withRealValues(value: unknown): unknown {
      if (Array.isArray(value)) return value.map(withRealValues);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          const resource = key.endsWith('Id') ? RESOURCE_OF_ID[key.slice(0, -2)] : undefined;
          const real = resource ? ids.get(resource) : known.get(key);
          return [key, real ?? withRealValues(item)];
        }),
      );
    }

    function fuzzable(): Operation[] {
      return operationsOf(t.app.swagger() as never).filter((operation) => !(operation.id in LEFT_OUT));
    }

    it('answers odd path segments without a 5xx, each in place of every ID', async () => {
      failures.length = 0;
      for (const operation of fuzzable()) {
        const count = operation.path.match(/\{/g)?.length ?? 0;
        for (let index = 0; index < count; index += 1)
          for (const segment of BAD_SEGMENTS)
            await send(
              operation,
              pathWith(operation.path, index, segment),
              operation.jsonBody ? {} : undefined,
            );
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(500);
    });

    it('answers odd query values without a 5xx', async () => {
      calls = 0;
      failures.length = 0;
      for (const operation of fuzzable()) {
        for (const name of operation.queryParameters.filter((query) => !QUERY_LEFT_OUT.has(query))) {
          for (const value of BAD_QUERY_VALUES)
            await send(operation, `${pathWith(operation.path)}?${name}=${value}`);
          await send(operation, `${pathWith(operation.path)}?${name}=1&${name}=2`);
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(200);
    });

    it('answers odd headers without a 5xx: credentials, tokens, keys, content types, request IDs', async () => {
      calls = 0;
      failures.length = 0;
      for (const operation of fuzzable()) {
        const url = pathWith(operation.path);
        for (const headers of BAD_HEADERS)
          await send(operation, url, operation.jsonBody ? {} : undefined, headers);
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(1000);
    });

    it('answers a sample of every body, each field pushed past its bounds or left out, without a 5xx', async () => {
      calls = 0;
      successes = 0;
      failures.length = 0;
      const document = t.app.swagger() as object;
      for (const operation of fuzzable().filter((candidate) => candidate.bodySchema)) {
        const url = pathWith(operation.path);
        const base = withRealValues({
          ...(sample(operation.bodySchema as never, { skipReadOnly: true, quiet: true }, document) as object),
          ...SAMPLE_OVERRIDES[operation.id],
        });
        await send(operation, url, base);
        for (const [path, value] of fieldsOf(base)) {
          await send(operation, url, withField(base, path, undefined));
          const kind = Array.isArray(value) ? 'array' : typeof value;
          for (const bound of BOUNDARY_VALUES[kind as keyof typeof BOUNDARY_VALUES] ?? [])
            await send(operation, url, withField(base, path, bound));
          // An object field (free-form JSON: job params, metadata) holding a value nested 100,000 levels deep,
          // written as text: JSON.stringify cannot go that deep.
          if (kind !== 'object' || value === null) continue;
          const marked = JSON.stringify(withField(base, path, DEEP_MARK));
          await sendRaw(
            operation,
            url,
            marked.replace(JSON.stringify(DEEP_MARK), DEEP_OBJECT),
            'application/json',
          );
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(500);
      expect(successes).toBeGreaterThan(100);
    });

    it('answers odd uploads without a 5xx: broken and forged images, bad multipart, bad CSV and JSON Lines', async () => {
      calls = 0;
      failures.length = 0;
      for (const operation of fuzzable().filter((candidate) => candidate.otherMediaTypes.length > 0)) {
        const url = pathWith(operation.path);
        for (const mediaType of operation.otherMediaTypes) {
          if (mediaType === 'multipart/form-data') {
            for (const upload of badImageUploads())
              await sendRaw(operation, url, upload.payload, upload.contentType);
            continue;
          }
          for (const payload of BAD_TEXT_UPLOADS) await sendRaw(operation, url, payload, mediaType);
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(40);
    });

    it('answers wrong and random JSON bodies without a 5xx, on real resources', async () => {
      calls = 0;
      failures.length = 0;
      let seed = 1;
      for (const operation of fuzzable().filter((candidate) => candidate.jsonBody)) {
        const url = pathWith(operation.path);
        for (const body of BAD_BODIES) await send(operation, url, body);
        const property = operation.bodyProperties.length
          ? fc.constantFrom(...operation.bodyProperties)
          : fc.string({ maxLength: 8 });
        const bodies = [
          ...fc.sample(fc.jsonValue({ maxDepth: 3 }), {
            numRuns: RANDOM_BODIES_PER_OPERATION / 2,
            seed: seed++,
          }),
          ...fc.sample(fc.dictionary(property, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), {
            numRuns: RANDOM_BODIES_PER_OPERATION / 2,
            seed: seed++,
          }),
        ];
        for (const body of bodies) await send(operation, url, body);
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(500);
    });
  });
}
