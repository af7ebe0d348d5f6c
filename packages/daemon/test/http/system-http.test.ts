import { Validator } from '@seriousme/openapi-schema-validator';
import {
  HealthSchema,
  MetaSchema,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  ReadinessSchema,
} from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adminQuery, DIALECTS } from '../support/test-database.js';

/** A route registered by the test only, to drive bodies through the real validation and error pipeline. */
const WidgetSchema = z.strictObject({
  name: z.string().min(1).max(50),
  quantity: z.number().int().positive(),
});

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  const problem = ProblemSchema.parse(response.json());
  expect(problem.status).toBe(response.statusCode);
  expect(problem.requestId).toBe(response.headers['x-request-id']);
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.(js|ts):\d+/);
  return problem;
}

for (const dialect of DIALECTS) {
  describe(`system HTTP on ${dialect}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(dialect, {
        config: { bodyLimit: 4096 },
        beforeReady(app) {
          app.post(
            '/test/widgets',
            { config: { permission: 'system:read' }, schema: { body: WidgetSchema } },
            async (request) => request.body,
          );
          app.get('/test/boom', { config: { permission: 'system:read' } }, async () => {
            throw new Error('secret internal detail at /srv/app.js:12');
          });
        },
      });
    });
    afterAll(async () => t?.close());

    it('GET /healthz is alive', async () => {
      const response = await t.app.inject('/healthz');
      expect(response.statusCode).toBe(200);
      expect(HealthSchema.parse(response.json()).status).toBe('ok');
    });

    it('GET /readyz reports the database up', async () => {
      const response = await t.app.inject('/readyz');
      expect(response.statusCode).toBe(200);
      const readiness = ReadinessSchema.parse(response.json());
      expect(readiness.checks.database?.status).toBe('up');
    });

    it('GET /v1/meta names the version, mode and database', async () => {
      const response = await t.app.inject('/v1/meta');
      expect(response.statusCode).toBe(200);
      const meta = MetaSchema.parse(response.json());
      expect(meta).toMatchObject({ name: 'tillpointd', apiVersion: 'v1', mode: 'single', database: dialect });
      expect(meta.version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('sends security headers on API responses', async () => {
      const response = await t.app.inject('/v1/meta');
      expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('every response carries a request ID, and a well-formed client ID is echoed', async () => {
      const minted = await t.app.inject('/healthz');
      expect(minted.headers['x-request-id']).toMatch(/^req_[0-9A-Z]{26}$/);
      const echoed = await t.app.inject({
        url: '/healthz',
        headers: { 'x-request-id': 'client-trace-1234' },
      });
      expect(echoed.headers['x-request-id']).toBe('client-trace-1234');
      const rejected = await t.app.inject({
        url: '/healthz',
        headers: { 'x-request-id': 'bad id\twith <script>' },
      });
      expect(rejected.headers['x-request-id']).toMatch(/^req_/);
    });

    it('GET /openapi.json is a valid OpenAPI 3.1 document covering the routes', async () => {
      const response = await t.app.inject('/openapi.json');
      expect(response.statusCode).toBe(200);
      const document = response.json() as { openapi: string; paths: Record<string, unknown> };
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/healthz', '/readyz', '/v1/meta']),
      );
      const result = await new Validator().validate(document as never);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('serves the API reference UI at /docs, loaded on the first visit, with its own assets and policy', async () => {
      const page = await t.app.inject('/docs/');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('swagger-ui');
      // Swagger UI's own content security policy replaces the API's "forbid everything" one on its pages.
      expect(page.headers['content-security-policy']).toContain('script-src');
      expect(page.headers['x-request-id']).toBeDefined();

      const bare = await t.app.inject('/docs');
      expect([200, 302]).toContain(bare.statusCode);

      const stylesheet = await t.app.inject('/docs/static/swagger-ui.css');
      expect(stylesheet.statusCode).toBe(200);
      expect(stylesheet.headers['content-type']).toContain('text/css');
      expect(stylesheet.rawPayload.length).toBeGreaterThan(10_000);

      // The UI reads the daemon's own document.
      const document = await t.app.inject('/docs/json');
      expect(document.statusCode).toBe(200);
      expect(document.json()).toEqual(t.app.swagger());

      const unknown = await t.app.inject('/docs/static/no-such-file.js');
      expect(unknown.statusCode).toBe(404);
      expect(expectProblem(unknown).code).toBe('not_found');
    });

    it('an unknown route is a 404 problem', async () => {
      const response = await t.app.inject('/v1/does-not-exist');
      expect(response.statusCode).toBe(404);
      expect(expectProblem(response).code).toBe('not_found');
    });

    it('a known path with the wrong method is a 405 problem with Allow', async () => {
      const response = await t.app.inject({ method: 'DELETE', url: '/v1/meta' });
      expect(response.statusCode).toBe(405);
      expect(expectProblem(response).code).toBe('method_not_allowed');
      expect(response.headers.allow).toContain('GET');
    });

    it('malformed JSON is a 400 invalid_json problem', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/test/widgets',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": "a",',
      });
      expect(response.statusCode).toBe(400);
      expect(expectProblem(response).code).toBe('invalid_json');
    });

    it('a body over the limit is a 413 problem', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/test/widgets',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(10_000), quantity: 1 }),
      });
      expect(response.statusCode).toBe(413);
      expect(expectProblem(response).code).toBe('payload_too_large');
    });

    it('a non-JSON content type is a 415 problem', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/test/widgets',
        headers: { 'content-type': 'text/xml' },
        payload: '<widget/>',
      });
      expect(response.statusCode).toBe(415);
      expect(expectProblem(response).code).toBe('unsupported_media_type');
    });

    it('unknown fields and wrong types are a 422 problem with per-field errors', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/test/widgets',
        payload: { name: '', quantity: 1.5, colour: 'red' },
      });
      expect(response.statusCode).toBe(422);
      const problem = expectProblem(response);
      expect(problem.code).toBe('validation_failed');
      const paths = problem.errors?.map((error) => error.path) ?? [];
      expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.quantity']));
      expect(problem.errors?.some((error) => error.message.includes('colour'))).toBe(true);
    });

    it('a valid body passes through', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/test/widgets',
        payload: { name: 'a', quantity: 2 },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ name: 'a', quantity: 2 });
    });

    it('an internal error is a 500 problem with no internals', async () => {
      const response = await t.app.inject('/test/boom');
      expect(response.statusCode).toBe(500);
      const problem = expectProblem(response);
      expect(problem.code).toBe('internal_error');
      expect(response.body).not.toContain('secret internal detail');
      expect(response.body).not.toContain('stack');
    });
  });

  describe(`readiness when the ${dialect} database is gone`, () => {
    it('GET /readyz answers 503 with the database down', async () => {
      const t = await createTestApp(dialect);
      try {
        await t.database.close();
        const response = await t.app.inject('/readyz');
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBeDefined();
        const readiness = ReadinessSchema.parse(response.json());
        expect(readiness.status).toBe('not_ready');
        expect(readiness.checks.database?.status).toBe('down');
      } finally {
        await t.app.close();
        await t.testDatabase.drop();
      }
    });
  });
}

if (DIALECTS.includes('postgres')) {
  describe('readiness follows a PostgreSQL outage and recovers', () => {
    it('503 while the database refuses connections, 200 again once it accepts them', async () => {
      const t = await createTestApp('postgres');
      const name = t.testDatabase.name!;
      try {
        expect((await t.app.inject('/readyz')).statusCode).toBe(200);
        await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await adminQuery(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
        );
        const down = await t.app.inject('/readyz');
        expect(down.statusCode).toBe(503);
        await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        const up = await t.app.inject('/readyz');
        expect(up.statusCode).toBe(200);
      } finally {
        await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        await t.close();
      }
    });
  });
}
