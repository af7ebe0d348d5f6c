import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, codeOf, PASSWORD, uniqueEmail } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`rate limits on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 5, authRateLimitMax: 3 } });
    });
    afterAll(async () => t?.close());

    it('counts per principal with RateLimit-* headers, then answers 429 with Retry-After', async () => {
      const alice = await t.services.auth.register(
        { email: uniqueEmail(), password: PASSWORD },
        { ip: '10.1.0.1', userAgent: undefined },
      );
      const bob = await t.services.auth.register(
        { email: uniqueEmail(), password: PASSWORD },
        { ip: '10.1.0.2', userAgent: undefined },
      );
      const remaining: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await t.app.inject({ url: '/v1/me', headers: bearer(alice.accessToken) });
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-limit']).toBe('5');
        remaining.push(Number(response.headers['ratelimit-remaining']));
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      const limited = await t.app.inject({ url: '/v1/me', headers: bearer(alice.accessToken) });
      expect(limited.statusCode).toBe(429);
      expect(codeOf(limited)).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      // Another principal has its own budget.
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(bob.accessToken) })).statusCode).toBe(200);
    });

    it('limits the auth endpoints more strictly, per IP', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email: uniqueEmail(), password: 'whatever it is' },
          remoteAddress: '10.2.0.1',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: uniqueEmail(), password: 'whatever it is' },
        remoteAddress: '10.2.0.2',
      });
      expect(elsewhere.statusCode).toBe(401);
    });

    it('never limits the health probes', async () => {
      for (let i = 0; i < 8; i++) {
        const response = await t.app.inject('/healthz');
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    });
  });
}
