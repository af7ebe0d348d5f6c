import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createAdmin, PASSWORD } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const FOREIGN = 'https://evil.example';
const STOREFRONT = 'https://shop.example';

for (const dialect of DIALECTS) {
  describe(`cross-site request forgery defences on ${dialect}`, () => {
    let t: TestApp;
    let cookies: Record<string, string>;
    let bearerToken: string;

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { corsOrigins: STOREFRONT } });
      const admin = await createAdmin(t);
      bearerToken = admin.accessToken;
      const login = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: admin.user.email, password: PASSWORD },
      });
      cookies = Object.fromEntries(
        (login.cookies as Array<{ name: string; value: string }>).map((c) => [c.name, c.value]),
      );
    });
    afterAll(async () => t?.close());

    /** Every state-changing route of the RBAC matrix, with the body type it documents. */
    function stateChangingRoutes() {
      return t.app.routeTable
        .list()
        .filter((route) => STATE_CHANGING.includes(route.method))
        .map((route) => ({
          ...route,
          path: route.url.replace(/:[A-Za-z]+/g, 'x'),
          contentType: route.mediaTypes?.[0] ?? 'application/json',
        }));
    }

    it('refuses a cookie-signed state change from a foreign origin on every route, with 403 origin_not_allowed', async () => {
      const routes = stateChangingRoutes();
      expect(routes.length).toBeGreaterThan(40);
      const wrong: string[] = [];
      for (const route of routes) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url: route.path,
          cookies,
          headers: { origin: FOREIGN, 'content-type': route.contentType },
          payload: route.contentType === 'application/json' ? '{}' : '',
        });
        if (response.statusCode !== 403 || codeOf(response) !== 'origin_not_allowed')
          wrong.push(`${route.method} ${route.url}: ${response.statusCode} ${codeOf(response)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('refuses a cookie-signed change with no Origin and no Referer, and one whose Referer is foreign', async () => {
      const bare = await t.app.inject({ method: 'POST', url: '/v1/auth/logout-all', cookies, payload: {} });
      expect(bare.statusCode).toBe(403);
      expect(codeOf(bare)).toBe('origin_not_allowed');
      const referred = await t.app.inject({
        method: 'POST',
        url: '/v1/backups',
        cookies,
        headers: { referer: `${FOREIGN}/attack.html` },
        payload: {},
      });
      expect(codeOf(referred)).toBe('origin_not_allowed');
    });

    it('lets the daemon’s own origin and the allowed storefront origin through', async () => {
      for (const origin of ['http://localhost:80', STOREFRONT]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/products',
          cookies,
          headers: { origin },
          payload: { sku: `OWN-${origin.length}`, name: 'Mug', price: 100, currency: 'EUR' },
        });
        expect(response.statusCode, origin).toBe(201);
      }
    });

    it('treats a guest cart cookie as a credential: a foreign page cannot change the cart', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/v1/carts', payload: { currency: 'EUR' } });
      expect(created.statusCode, created.body).toBe(201);
      const cart = created.json() as { id: string; cart_token?: string; cartToken?: string };
      const cookie = (created.cookies as Array<{ name: string; value: string }>).find((c) =>
        c.name.startsWith('tp_cart_'),
      );
      expect(cookie?.name).toBe(`tp_cart_${cart.id}`);
      const attempt = (origin: string) =>
        t.app.inject({
          method: 'PUT',
          url: `/v1/carts/${cart.id}/email`,
          cookies: { [cookie!.name]: cookie!.value },
          headers: { origin },
          payload: { email: 'shopper@example.com' },
        });
      expect(codeOf(await attempt(FOREIGN))).toBe('origin_not_allowed');
      expect((await attempt(STOREFRONT)).statusCode).toBe(200);
    });

    it('does not apply the origin check to bearer tokens', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: { authorization: `Bearer ${bearerToken}`, origin: FOREIGN },
        payload: { sku: 'BEARER-1', name: 'Mug', price: 100, currency: 'EUR' },
      });
      expect(response.statusCode).toBe(201);
    });

    it('answers 415 to text/plain (the type a cross-site form can send) on every JSON route, before authentication', async () => {
      const routes = stateChangingRoutes().filter((route) => route.contentType === 'application/json');
      const wrong: string[] = [];
      for (const route of routes) {
        // No credentials at all: a 401 here would mean authentication ran first.
        const response = await t.app.inject({
          method: route.method as 'POST',
          url: route.path,
          headers: { 'content-type': 'text/plain' },
          payload: '',
        });
        if (response.statusCode !== 415 || codeOf(response) !== 'unsupported_media_type')
          wrong.push(`${route.method} ${route.url}: ${response.statusCode} ${codeOf(response)}`);
      }
      expect(wrong).toEqual([]);
      const form = await t.app.inject({
        method: 'POST',
        url: '/v1/jobs/x/retry',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'a=b',
      });
      expect(form.statusCode).toBe(415);
    });
  });
}
