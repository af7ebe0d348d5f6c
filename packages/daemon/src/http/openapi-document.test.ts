import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';
import { OPENAPI_TAGS } from './openapi.js';

/** `pnpm lint:openapi` sets this to write the served document for `redocly lint`. */
const OUT = process.env.TILLPOINT_OPENAPI_OUT;

interface Operation {
  operationId?: string;
  description?: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Record<string, unknown> }>;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
  >;
}
interface Document {
  servers?: Array<{ url: string }>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** The one error status that is not a problem: `/readyz` answers 503 with its checks, for load balancers. */
const NON_PROBLEM_ERRORS = new Set(['system.readiness 503']);

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  let operations: Array<[string, Operation]>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const response = await t.app.inject('/openapi.json');
    expect(response.statusCode).toBe(200);
    document = response.json() as Document;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
      ),
    );
    if (OUT) {
      mkdirSync(dirname(resolve(OUT)), { recursive: true });
      writeFileSync(resolve(OUT), `${JSON.stringify(document, null, 2)}\n`);
    }
  });
  afterAll(() => t?.close());

  it('calls a request body optional exactly where the daemon serves a request without one', async () => {
    const optional = operations
      .filter(([, operation]) => operation.requestBody?.required === false)
      .map(([name]) => name)
      .sort();
    expect(optional).toEqual([
      'POST /v1/auth/logout',
      'POST /v1/auth/refresh',
      'POST /v1/carts',
      'POST /v1/orders/{id}/cancel',
      'POST /v1/orders/{id}/complete',
      'POST /v1/orders/{id}/fulfill',
      'POST /v1/payments/{id}/capture',
      'POST /v1/payments/{id}/refunds',
      'POST /v1/webhook-endpoints/{id}/rotate-secret',
      'PUT /v1/collections/{id}/products/{productId}',
    ]);
    for (const [, operation] of operations)
      if (operation.requestBody && operation.requestBody.required !== false)
        expect(operation.requestBody.required).toBe(true);
    const login = operations.find(([name]) => name === 'POST /v1/auth/login')?.[1];
    expect(login?.parameters?.filter((p) => p.in === 'header').map((p) => p.name)).toEqual([
      'x-cart-id',
      'x-cart-token',
    ]);
    // Without a body the daemon reaches the route's own rule (a refresh needs a token or its cookie), not a body error.
    const refresh = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh' });
    expect(refresh.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.refreshToken', code: 'required' }],
    });
  });

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
  });

  it('gives every operation a unique resource.verb operationId', () => {
    const ids = operations.map(([name, operation]) => {
      expect(operation.operationId, name).toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/);
      return operation.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['orders.create', 'orders.get', 'products.variants.create']));
  });

  it('sets security on every operation: none on public routes, a credential elsewhere', () => {
    for (const [name, operation] of operations) expect(operation.security, name).toBeDefined();
    const byId = new Map(operations.map(([, operation]) => [operation.operationId, operation]));
    expect(byId.get('auth.login')?.security).toEqual([]);
    expect(byId.get('orders.create')?.security).toEqual([
      { bearerAuth: [] },
      { apiKey: [] },
      { sessionCookie: [] },
    ]);
    expect(byId.get('products.list')?.security?.[0]).toEqual({});
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'apiKey',
      'bearerAuth',
      'sessionCookie',
    ]);
  });

  it('declares every error response as problem+json with the Problem schema', () => {
    for (const [name, operation] of operations) {
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      expect(
        errors.map(([status]) => status),
        name,
      ).toEqual(expect.arrayContaining(['4XX', '5XX']));
      for (const [status, response] of errors) {
        if (NON_PROBLEM_ERRORS.has(`${operation.operationId} ${status}`)) continue;
        expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual([PROBLEM_CONTENT_TYPE]);
        expect(response.content?.[PROBLEM_CONTENT_TYPE]?.schema).toEqual({
          $ref: '#/components/schemas/Problem',
        });
      }
    }
  });

  it('declares a success response on every operation, with content unless it is a 204 or 304', () => {
    for (const [name, operation] of operations) {
      const successes = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
      expect(successes.length, name).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        if (status === '204' || status === '304')
          expect(response.content, `${name} ${status}`).toBeUndefined();
        else expect(Object.keys(response.content ?? {}).length, `${name} ${status}`).toBeGreaterThan(0);
      }
    }
    const byId = new Map(operations.map(([, operation]) => [operation.operationId, operation]));
    expect(Object.keys(byId.get('jobs.downloadResult')?.responses['200']?.content ?? {})).toContain(
      'text/csv',
    );
    expect(Object.keys(byId.get('events.stream')?.responses['200']?.content ?? {})).toEqual([
      'text/event-stream',
    ]);
    expect(Object.keys(byId.get('media.download')?.responses['200']?.content ?? {})).toContain('image/png');
    expect(Object.keys(byId.get('uploads.create')?.requestBody?.content ?? {})).toContain('text/csv');
    expect(Object.keys(byId.get('products.media.upload')?.requestBody?.content ?? {})).toEqual([
      'multipart/form-data',
    ]);
  });

  it('names request and response schemas as components, referenced with $ref', () => {
    const byId = new Map(operations.map(([, operation]) => [operation.operationId, operation]));
    const schemaOf = (id: string, status: string) =>
      byId.get(id)?.responses[status]?.content?.['application/json']?.schema;
    expect(schemaOf('orders.get', '200')).toEqual({ $ref: '#/components/schemas/OrderDetail' });
    expect(schemaOf('orders.list', '200')).toEqual({ $ref: '#/components/schemas/OrderList' });
    expect(byId.get('orders.create')?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CreateOrderRequest',
    });
    for (const name of ['Order', 'Product', 'Variant', 'Problem', 'Payment', 'Job', 'User']) {
      expect(document.components.schemas, name).toHaveProperty(name);
    }
    // Every JSON body, either way, is a named component.
    for (const [name, operation] of operations) {
      const bodies = [
        operation.requestBody?.content['application/json']?.schema,
        ...Object.values(operation.responses).map(
          (response) => response.content?.['application/json']?.schema,
        ),
      ].filter((schema) => schema !== undefined);
      // A job's JSON result (a report) has the shape of whatever made it.
      if (operation.operationId === 'jobs.downloadResult') continue;
      for (const schema of bodies) {
        const ref =
          (schema as { $ref?: string }).$ref ??
          (schema as { anyOf?: Array<{ $ref?: string }> }).anyOf?.[0]?.$ref;
        expect(ref, `${name}: ${JSON.stringify(schema).slice(0, 120)}`).toMatch(/^#\/components\/schemas\//);
      }
    }
  });

  it('has servers and a described tag for every tag used', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const declared = new Set(document.tags?.map((tag) => tag.name));
    for (const [name, operation] of operations) {
      for (const tag of operation.tags ?? []) expect(declared.has(tag), `${name}: tag ${tag}`).toBe(true);
    }
    for (const tag of OPENAPI_TAGS) expect(tag.description.length).toBeGreaterThan(0);
  });

  it('describes every operation (who may call it) and every response, never as "Default Response"', () => {
    for (const [name, operation] of operations) {
      expect(operation.description, name).toMatch(/^Who may call it: .+ \(permission `[a-z-]+:[a-z-]+`\)\./);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${name} ${status}`).toMatch(/\S/);
        expect(response.description, `${name} ${status}`).not.toBe('Default Response');
      }
    }
  });

  it('declares the optional Idempotency-Key header on every POST that honours it, and only there', () => {
    // Answers holding a secret shown once (tokens, keys, a guest cart's token) are never stored for replay; Stripe's
    // webhook is deduplicated by its event ID; an upload is a stream.
    const optedOut = new Set([
      'auth.register',
      'auth.verifyEmail',
      'auth.login',
      'auth.refresh',
      'auth.logout',
      'auth.logoutAll',
      'auth.requestPasswordReset',
      'auth.confirmPasswordReset',
      'auth.setup',
      'apiKeys.create',
      'carts.create',
      'webhooks.stripe.receive',
      'uploads.create',
    ]);
    for (const [name, operation] of operations) {
      const key = operation.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
      const honoured = name.startsWith('POST ') && !optedOut.has(operation.operationId ?? '');
      if (!honoured) expect(key, name).toBeUndefined();
      if (honoured) {
        expect(key, name).toEqual(expect.objectContaining({ required: false }));
        expect(operation.description, name).toContain('Idempotency-Key');
      }
    }
    const declared = operations.filter(([, operation]) =>
      operation.parameters?.some((p) => p.name === 'idempotency-key'),
    );
    expect(declared.map(([, operation]) => operation.operationId)).toEqual(
      expect.arrayContaining([
        'orders.create',
        'carts.complete',
        'orders.payments.create',
        'jobs.createBatch',
      ]),
    );
  });

  it('declares the request ID on every response, and the rate-limit headers and 429 where a limit applies', () => {
    const unlimited = new Set([
      'system.health',
      'system.readiness',
      'events.stream',
      'webhooks.stripe.receive',
    ]);
    for (const [name, operation] of operations) {
      expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '500']));
      for (const [status, response] of Object.entries(operation.responses))
        expect(Object.keys(response.headers ?? {}), `${name} ${status}`).toContain('x-request-id');
      const limited = !unlimited.has(operation.operationId ?? '');
      const ok = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
      expect(Object.keys(ok?.headers ?? {}).includes('RateLimit-Remaining'), name).toBe(limited);
      expect(Object.keys(operation.responses['429']?.headers ?? {}).includes('Retry-After'), name).toBe(
        limited,
      );
    }
    expect(
      operations.find(([, operation]) => operation.operationId === 'auth.login')?.[1].responses['429'],
    ).toBeDefined();
  });

  it('bounds every string parameter: a length, a pattern, a format or its accepted values', () => {
    for (const [name, operation] of operations)
      for (const parameter of operation.parameters ?? []) {
        const schema = parameter.schema ?? {};
        if (schema.type !== 'string') continue;
        const bounded = ['maxLength', 'pattern', 'enum', 'format'].some((key) => key in schema);
        expect(bounded, `${name} ${parameter.in} ${parameter.name}`).toBe(true);
      }
  });
});
