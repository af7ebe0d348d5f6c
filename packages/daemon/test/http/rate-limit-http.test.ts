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
      // Signed up and in through the service: the per-IP auth budget of 3 is not what this test is about.
      const signUp = async (ip: string) => {
        const email = uniqueEmail();
        await t.services.auth.register({ email, password: PASSWORD });
        return t.services.auth.login({ email, password: PASSWORD }, { ip, userAgent: undefined });
      };
      const alice = await signUp('10.1.0.1');
      const bob = await signUp('10.1.0.2');
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

    it('shares one auth budget per IP across register, login, refresh, password reset and setup', async () => {
      const ip = '10.3.0.1';
      const attempts = [
        { url: '/v1/auth/login', payload: { email: uniqueEmail(), password: 'whatever it is' } },
        { url: '/v1/auth/password-reset', payload: { email: uniqueEmail() } },
        { url: '/v1/auth/refresh', payload: { refreshToken: 'rtk_not-a-real-token' } },
      ];
      const statuses: number[] = [];
      for (const attempt of attempts) {
        const response = await t.app.inject({ method: 'POST', remoteAddress: ip, ...attempt });
        statuses.push(response.statusCode);
        expect(response.headers['ratelimit-limit']).toBe('3');
      }
      expect(statuses).not.toContain(429);
      // The budget of 3 is spent over three different routes: every auth route now refuses this IP.
      for (const url of [
        '/v1/auth/register',
        '/v1/auth/password-reset/confirm',
        '/v1/auth/setup',
        '/v1/auth/login',
      ]) {
        const response = await t.app.inject({ method: 'POST', url, payload: {}, remoteAddress: ip });
        expect(response.statusCode, url).toBe(429);
        expect(codeOf(response)).toBe('rate_limited');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
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
