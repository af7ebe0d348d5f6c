import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/** Bodies that are wrong in every way a client gets them wrong. */
const BAD_BODIES: Array<[string, unknown]> = [
  ['empty object', {}],
  ['array', []],
  ['string', 'hello'],
  ['number', 42],
  ['null', null],
  [
    'wrong types',
    { email: 1, password: true, name: [], role: {}, disabled: 'yes', token: 5, refreshToken: 7 },
  ],
  [
    'huge strings',
    { email: `${'a'.repeat(20_000)}@example.com`, password: 'p'.repeat(20_000), name: 'n'.repeat(20_000) },
  ],
  ['NUL bytes', { email: 'a\u0000b@example.com', password: 'pass\u0000word!!', name: 'x\u0000y' }],
  [
    'lone surrogates',
    { email: '\ud800@example.com', password: '\udfff\ud800\udfff\ud800abcd', name: '\ud800' },
  ],
  [
    'RTL and zero-width',
    { email: '\u202eevil\u200b@example.com', password: '\u200b'.repeat(12), name: '\u202e\u200d' },
  ],
  ['emoji', { email: '😀@example.com', password: '😀'.repeat(19), name: '😀' }],
  [
    'prototype pollution',
    JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}'),
  ],
  [
    'unknown fields',
    { email: 'x@example.com', password: 'long enough password', role: 'admin', isAdmin: true },
  ],
];

const BODY_ROUTES: Array<{ method: 'POST' | 'PATCH'; url: string; auth: 'none' | 'user' | 'admin' }> = [
  { method: 'POST', url: '/v1/auth/register', auth: 'none' },
  { method: 'POST', url: '/v1/auth/login', auth: 'none' },
  { method: 'POST', url: '/v1/auth/refresh', auth: 'none' },
  { method: 'POST', url: '/v1/auth/password-reset', auth: 'none' },
  { method: 'POST', url: '/v1/auth/password-reset/confirm', auth: 'none' },
  { method: 'POST', url: '/v1/auth/setup', auth: 'none' },
  { method: 'PATCH', url: '/v1/me', auth: 'user' },
  { method: 'POST', url: '/v1/me/password', auth: 'user' },
  { method: 'PATCH', url: '/v1/users/:id', auth: 'admin' },
  { method: 'POST', url: '/v1/api-keys', auth: 'user' },
];

for (const dialect of DIALECTS) {
  describe(`bad input on ${dialect}`, () => {
    let t: TestApp;
    let tokens: { user: string; admin: string; userId: string };

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 1_000_000, authRateLimitMax: 1_000_000 } });
      const admin = await createAdmin(t);
      const user = await registerUser(t.app);
      tokens = { user: user.accessToken, admin: admin.accessToken, userId: user.user.id };
    });
    afterAll(async () => t?.close());

    const countUsers = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    function send(route: (typeof BODY_ROUTES)[number], body: unknown) {
      const token = route.auth === 'none' ? undefined : tokens[route.auth];
      return t.app.inject({
        method: route.method,
        url: route.url.replace(':id', tokens.userId),
        headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
        payload: JSON.stringify(body),
      });
    }

    it('answers every bad body on every endpoint with a 4xx problem, never a 500, and writes nothing', async () => {
      const before = await countUsers();
      for (const route of BODY_ROUTES) {
        for (const [name, body] of BAD_BODIES) {
          const response = await send(route, body);
          const where = `${route.method} ${route.url} with ${name}`;
          // An empty object is a valid "change nothing" for the PATCH routes.
          if (name === 'empty object' && route.method === 'PATCH') {
            expect(response.statusCode, where).toBe(200);
            continue;
          }
          expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, where).toBeLessThan(500);
          expect(response.headers['content-type'], where).toContain('application/problem+json');
          const problem = response.json() as { code: string; errors?: unknown[] };
          expect(typeof problem.code, where).toBe('string');
        }
      }
      expect(await countUsers()).toBe(before);
      const me = await t.app.inject({ url: '/v1/me', headers: bearer(tokens.user) });
      expect(me.json().role).toBe('user');
    });

    it('validation errors name each bad field', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        payload: { email: 'not-an-email', password: 'short' },
      });
      expect(response.statusCode).toBe(422);
      const paths = (response.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    });

    it('rejects bad query strings and path IDs with 4xx', async () => {
      const cases = [
        '/v1/users?limit=0',
        '/v1/users?limit=abc',
        '/v1/users?limit=1000',
        '/v1/users?role=superuser',
        '/v1/users?disabled=maybe',
        '/v1/users?email=%00',
        '/v1/users?unknown=1',
        '/v1/users/not-an-id',
        `/v1/users/${'x'.repeat(5000)}`,
        '/v1/users/usr_%00%00',
      ];
      for (const url of cases) {
        const response = await t.app.inject({ url, headers: bearer(tokens.admin) });
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, url).toBeLessThan(500);
      }
    });

    it('answers router errors (a malformed path, an overlong segment) as problem+json with the usual headers', async () => {
      for (const [url, detail] of [
        ['/v1/users/%E0%A4%A', 'not valid percent-encoded UTF-8'],
        [`/v1/users/${'x'.repeat(101)}`, 'longer than 100 characters'],
      ] as const) {
        const response = await t.app.inject({ url, headers: bearer(tokens.admin) });
        expect(response.statusCode, url).toBe(400);
        expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
        expect(response.json(), url).toEqual(
          expect.objectContaining({ code: 'bad_request', detail: expect.stringContaining(detail) }),
        );
        expect(response.headers['x-request-id'], url).toBe(response.json().requestId);
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      }
    });

    it('property: arbitrary JSON bodies on the auth and users endpoints never cause a 500', async () => {
      const before = await countUsers();
      const fieldNames = fc.constantFrom(
        'email',
        'password',
        'name',
        'role',
        'disabled',
        'token',
        'refreshToken',
        'setupToken',
        'currentPassword',
        'newPassword',
      );
      const body = fc.oneof(
        fc.jsonValue(),
        fc.dictionary(fieldNames, fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue(), fc.emailAddress())),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...BODY_ROUTES.filter((r) => r.url !== '/v1/auth/register')),
          body,
          async (route, value) => {
            const response = await send(route, value);
            expect(response.statusCode).toBeLessThan(500);
            if (response.statusCode >= 400)
              expect(response.headers['content-type']).toContain('application/problem+json');
          },
        ),
        { numRuns: 150 },
      );
      // Registration with arbitrary bodies: either a proper account or nothing at all.
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const response = await send(BODY_ROUTES[0]!, value);
          expect(response.statusCode).toBeLessThan(500);
          expect([201, 409, 422, 400]).toContain(response.statusCode);
        }),
        { numRuns: 100 },
      );
      expect(await countUsers()).toBeGreaterThanOrEqual(before);
    }, 120_000);
  });
}
