import type { ApiKeyCreated, AuthSession, Role } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../../src/http/auth/permissions.js';
import { bearer, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

type PrincipalName = 'anonymous' | 'guest' | 'user' | 'another user' | 'admin';

/** What each principal is, for comparison with the table. "another user" is a plain user acting on someone else's things. */
const ROLE_OF: Record<PrincipalName, Role> = {
  anonymous: 'guest',
  guest: 'guest',
  user: 'user',
  'another user': 'user',
  admin: 'admin',
};

interface World {
  headers: Record<PrincipalName, Record<string, string>>;
  /** IDs to put into `:id`, all owned by "user". */
  userId: string;
  apiKeyId: string;
}

/**
 * Fresh principals for every route, so a route with side effects (logout-all, delete) cannot
 * spoil the next one. A guest is an API key with the guest role.
 */
async function buildWorld(t: TestApp): Promise<World> {
  const admin: AuthSession = await createAdmin(t);
  const user = await registerUser(t.app);
  const another = await registerUser(t.app);
  const create = async (token: string, role: Role) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: bearer(token),
        payload: { name: `${role} key`, role },
      })
    ).json() as ApiKeyCreated;
  const guestKey = await create(user.accessToken, 'guest');
  const userKey = await create(user.accessToken, 'user');
  return {
    headers: {
      anonymous: {},
      guest: bearer(guestKey.secret),
      user: bearer(user.accessToken),
      'another user': bearer(another.accessToken),
      admin: bearer(admin.accessToken),
    },
    userId: user.user.id,
    apiKeyId: userKey.id,
  };
}

function concreteUrl(url: string, world: World): string {
  if (url.startsWith('/v1/users/')) return url.replace(':id', world.userId);
  if (url.startsWith('/v1/api-keys/')) return url.replace(':id', world.apiKeyId);
  return url.replace(/:[A-Za-z]+/g, 'x').replace('*', 'index.html');
}

for (const dialect of DIALECTS) {
  describe(`RBAC route matrix on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000, authRateLimitMax: 100_000 } });
    });
    afterAll(async () => t?.close());

    it('every route declares a permission that exists in the table', () => {
      const routes = t.app.routeTable.list();
      expect(routes.length).toBeGreaterThan(20);
      for (const route of routes) {
        expect(route.permission, `${route.method} ${route.url}`).toBeDefined();
        expect(Object.keys(PERMISSIONS), `${route.method} ${route.url}`).toContain(route.permission);
      }
    });

    it('every route answers every principal as the table says', async () => {
      const routes = t.app.routeTable.list().filter((route) => route.method !== 'HEAD');
      const mismatches: string[] = [];
      for (const route of routes) {
        const world = await buildWorld(t);
        const allowedRoles = PERMISSIONS[route.permission as Permission] as readonly Role[];
        for (const [name, headers] of Object.entries(world.headers) as Array<
          [PrincipalName, Record<string, string>]
        >) {
          const response = await t.app.inject({
            method: route.method as 'GET',
            url: concreteUrl(route.url, world),
            headers,
            ...(['POST', 'PATCH', 'PUT'].includes(route.method)
              ? route.mediaTypes
                ? // An upload route refuses JSON with 415 before authentication: send its own type.
                  { payload: '', headers: { ...headers, 'content-type': route.mediaTypes[0] as string } }
                : { payload: {} }
              : {}),
            // The event stream never ends: answer as soon as its headers are written.
            ...(route.url === '/v1/events/stream' ? { payloadAsStream: true } : {}),
          });
          if (route.url === '/v1/events/stream') response.stream().destroy();
          const allowed = allowedRoles.includes(ROLE_OF[name]);
          const expected = allowed ? 'not 401/403' : name === 'anonymous' ? '401' : '403';
          const ok = allowed
            ? response.statusCode !== 401 && response.statusCode !== 403
            : response.statusCode === (name === 'anonymous' ? 401 : 403);
          if (!ok)
            mismatches.push(
              `${route.method} ${route.url} as ${name}: got ${response.statusCode}, want ${expected}`,
            );
          expect(response.statusCode, `${route.method} ${route.url} as ${name}`).toBeLessThan(500);
        }
      }
      expect(mismatches).toEqual([]);
    }, 120_000);

    it('a user sees only their own API keys; another user gets 404, an admin sees them', async () => {
      const world = await buildWorld(t);
      const own = await t.app.inject({ url: `/v1/api-keys/${world.apiKeyId}`, headers: world.headers.user });
      const others = await t.app.inject({
        url: `/v1/api-keys/${world.apiKeyId}`,
        headers: world.headers['another user'],
      });
      const admin = await t.app.inject({
        url: `/v1/api-keys/${world.apiKeyId}`,
        headers: world.headers.admin,
      });
      expect([own.statusCode, others.statusCode, admin.statusCode]).toEqual([200, 404, 200]);
      const revokeOthers = await t.app.inject({
        method: 'DELETE',
        url: `/v1/api-keys/${world.apiKeyId}`,
        headers: world.headers['another user'],
      });
      expect(revokeOthers.statusCode).toBe(404);
      const list = await t.app.inject({ url: '/v1/api-keys', headers: world.headers['another user'] });
      expect((list.json() as { data: Array<{ id: string }> }).data.map((k) => k.id)).not.toContain(
        world.apiKeyId,
      );
    });
  });
}
