import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, readyGuestCart } from '../support/cart-fixtures.js';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/**
 * Every operation of the document the daemon serves, called with bad input the way a fuzzer built from that
 * document calls it (as Schemathesis does): odd path segments, odd query values, wrong bodies, random JSON, and
 * random values under the body's own property names. Whatever the input, the answer is never a 5xx, and an error
 * is problem+json with a stable `code`. Routes added later are covered without touching this file. The random
 * inputs come from a fixed seed, so a failure here repeats.
 */

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
  { name: 'a\u0000b', code: '\ud800', email: '\u202eevil@example.com' },
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

interface Operation {
  id: string;
  method: string;
  path: string;
  jsonBody: boolean;
  bodyProperties: string[];
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
        bodyProperties: [...new Set(propertiesOf(content?.['application/json']?.schema))],
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
    const real = new Map<string, string>();
    const failures: string[] = [];
    let calls = 0;

    beforeAll(async () => {
      // Private webhook targets allowed: the endpoint fuzzed here is 127.0.0.1 (nothing may leave the machine).
      t = await createTestApp(dialect, {
        config: { rateLimitMax: 1_000_000, webhookAllowPrivateTargets: true },
      });
      admin = (await createAdmin(t)).accessToken;
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
      real.set('products', product.id);
      real.set('variants', (variants.json() as { data: Array<{ id: string }> }).data[0]!.id);
      real.set('regions', shop.region.id);
      real.set('tax-rates', shop.taxRateId);
      real.set('shipping-methods', shop.shippingMethodId);
      real.set('carts', cart.id);
      real.set('items', cart.cart.lines[0]!.id);
      real.set('orders', order.id);
      real.set('payments', payment.id);
      real.set('users', other.user.id);
      real.set('collections', await created('/v1/collections', { title: 'Fuzzed' }));
      real.set(
        'promotions',
        await created('/v1/promotions', {
          name: 'Fuzz',
          code: 'FUZZ',
          discount: { type: 'percentage', bps: 500 },
        }),
      );
      real.set(
        'addresses',
        await created('/v1/me/addresses', {
          address: { name: 'Ada', line1: 'Main 1', city: 'Town', countryCode: 'DE' },
        }),
      );
      real.set('api-keys', await created('/v1/api-keys', { name: 'fuzz key', role: 'user' }));
      real.set(
        'schedules',
        await created('/v1/schedules', { name: 'fuzz', intervalSeconds: 3600, jobType: 'system.probe' }),
      );
      real.set('jobs', await created('/v1/jobs', { type: 'system.probe' }));
      real.set(
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
        return real.get(before) ?? (match === '{code}' ? 'FUZZ' : BAD_SEGMENTS[0]!);
      });
    }

    /** Sends one request; a 5xx, or an error that is not problem+json with a code, is a failure. */
    /**
     * Sends one request; a 5xx, or an error that is not problem+json with a code, is a failure. `headers` replace
     * the usual ones (the admin's bearer token, the cart token, the JSON content type).
     */
    async function send(operation: Operation, url: string, body?: unknown, headers?: Record<string, string>) {
      calls += 1;
      const payload = body === undefined ? undefined : JSON.stringify(body);
      let response = await call(operation, url, payload, headers);
      if (response.statusCode === 401 && !headers) {
        // The admin's own session ended (a password change, a sign-out everywhere): go on as a new admin.
        admin = (await createAdmin(t)).accessToken;
        response = await call(operation, url, payload);
      }
      const problem = problemIn(response);
      if (response.statusCode >= 500 || problem)
        failures.push(
          `${operation.id}: ${operation.method} ${url.slice(0, 200)} ${payload?.slice(0, 200) ?? ''} ` +
            `${headers ? JSON.stringify(headers).slice(0, 200) : ''} → ` +
            `${response.statusCode} ${problem ?? ''} ${response.body.slice(0, 300)}`,
        );
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

    function problemIn(response: LightMyRequestResponse): string | undefined {
      if (response.statusCode < 400) return undefined;
      if (!String(response.headers['content-type']).startsWith(PROBLEM_CONTENT_TYPE))
        return `not problem+json (${response.headers['content-type']})`;
      const code = (response.json() as { code?: unknown }).code;
      return typeof code === 'string' && code.length > 0 ? undefined : 'no code';
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
