import { ApiKeyCreatedSchema, ApiKeySchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/infra/clock.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`API keys on ${dialect}`, () => {
    const clock = createManualClock(new Date());
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    async function createKey(token: string, body: Record<string, unknown>) {
      return t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: bearer(token), payload: body });
    }

    it('shows the secret once, stores only its hash, and lists a prefix', async () => {
      const user = await registerUser(t.app);
      const created = await createKey(user.accessToken, { name: 'ci' });
      expect(created.statusCode).toBe(201);
      const key = ApiKeyCreatedSchema.parse(created.json());
      expect(key.secret).toMatch(/^tp_[A-Za-z0-9_-]{43}$/);
      expect(key.secret.startsWith(key.prefix)).toBe(true);
      expect(key.role).toBe('user');

      const fetched = await t.app.inject({
        url: `/v1/api-keys/${key.id}`,
        headers: bearer(user.accessToken),
      });
      expect(JSON.stringify(fetched.json())).not.toContain(key.secret);
      expect(ApiKeySchema.strict().safeParse(fetched.json()).success).toBe(true);

      const row = await t.database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', key.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(key.secret);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('authenticates as its owner with its own role, and records when it was last used', async () => {
      const user = await registerUser(t.app);
      const key = ApiKeyCreatedSchema.parse((await createKey(user.accessToken, { name: 'bot' })).json());
      const me = await t.app.inject({ url: '/v1/me', headers: bearer(key.secret) });
      expect(me.statusCode).toBe(200);
      expect(me.json().id).toBe(user.user.id);
      const listed = await t.app.inject({ url: `/v1/api-keys/${key.id}`, headers: bearer(user.accessToken) });
      expect(listed.json().lastUsedAt).not.toBeNull();
    });

    it('cannot be created with a role above the creator’s', async () => {
      const user = await registerUser(t.app);
      const escalation = await createKey(user.accessToken, { name: 'sneaky', role: 'admin' });
      expect(escalation.statusCode).toBe(403);
      expect(codeOf(escalation)).toBe('permission_denied');
      const admin = await createAdmin(t);
      expect((await createKey(admin.accessToken, { name: 'ops', role: 'admin' })).statusCode).toBe(201);
    });

    it('a guest-scoped key cannot reach user endpoints', async () => {
      const user = await registerUser(t.app);
      const guest = ApiKeyCreatedSchema.parse(
        (await createKey(user.accessToken, { name: 'ro', role: 'guest' })).json(),
      );
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(guest.secret) })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/v1/meta', headers: bearer(guest.secret) })).statusCode).toBe(200);
    });

    it('stops working after its expiry', async () => {
      const user = await registerUser(t.app);
      const expiresAt = new Date(clock.now().getTime() + 60 * 60 * 1000).toISOString();
      const key = ApiKeyCreatedSchema.parse(
        (await createKey(user.accessToken, { name: 'short', expiresAt })).json(),
      );
      expect(key.expiresAt).toBe(expiresAt);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(key.secret) })).statusCode).toBe(200);
      clock.advance(60 * 60 * 1000 + 1);
      const expired = await t.app.inject({ url: '/v1/me', headers: bearer(key.secret) });
      expect(expired.statusCode).toBe(401);
      expect(codeOf(expired)).toBe('invalid_token');
      const past = await createKey(user.accessToken, { name: 'past', expiresAt: '2020-01-01T00:00:00Z' });
      expect(past.statusCode).toBe(422);
    });

    it('stops working the moment it is revoked', async () => {
      const user = await registerUser(t.app);
      const key = ApiKeyCreatedSchema.parse((await createKey(user.accessToken, { name: 'temp' })).json());
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/v1/api-keys/${key.id}`,
        headers: bearer(user.accessToken),
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(key.secret) })).statusCode).toBe(401);
      const listed = await t.app.inject({ url: '/v1/api-keys', headers: bearer(user.accessToken) });
      expect(listed.json().data.map((k: { id: string }) => k.id)).not.toContain(key.id);
      const withRevoked = await t.app.inject({
        url: '/v1/api-keys?includeRevoked=true',
        headers: bearer(user.accessToken),
      });
      expect(withRevoked.json().data.map((k: { id: string }) => k.id)).toContain(key.id);
    });

    it('never outranks its owner: demoting an admin demotes their keys at once', async () => {
      await createAdmin(t);
      const owner = await createAdmin(t);
      const key = ApiKeyCreatedSchema.parse(
        (await createKey(owner.accessToken, { name: 'ops', role: 'admin' })).json(),
      );
      expect((await t.app.inject({ url: '/v1/users', headers: bearer(key.secret) })).statusCode).toBe(200);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${owner.user.id}`,
        headers: bearer(key.secret),
        payload: { role: 'user' },
      });
      expect((await t.app.inject({ url: '/v1/users', headers: bearer(key.secret) })).statusCode).toBe(403);
      const selfPromotion = await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${owner.user.id}`,
        headers: bearer(key.secret),
        payload: { role: 'admin' },
      });
      expect(selfPromotion.statusCode).toBe(403);
    });

    it('stops working when its owner is disabled', async () => {
      const admin = await createAdmin(t);
      const user = await registerUser(t.app);
      const key = ApiKeyCreatedSchema.parse((await createKey(user.accessToken, { name: 'k' })).json());
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${user.user.id}`,
        headers: bearer(admin.accessToken),
        payload: { disabled: true },
      });
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(key.secret) })).statusCode).toBe(401);
    });

    it('pages through keys with a cursor', async () => {
      const user = await registerUser(t.app);
      for (let i = 0; i < 5; i++) await createKey(user.accessToken, { name: `k${i}` });
      const first = await t.app.inject({ url: '/v1/api-keys?limit=2', headers: bearer(user.accessToken) });
      expect(first.json()).toMatchObject({ object: 'list', has_more: true });
      const seen: string[] = first.json().data.map((k: { id: string }) => k.id);
      let cursor = seen.at(-1);
      let more = true;
      while (more) {
        const page = await t.app.inject({
          url: `/v1/api-keys?limit=2&starting_after=${cursor}`,
          headers: bearer(user.accessToken),
        });
        const ids: string[] = page.json().data.map((k: { id: string }) => k.id);
        seen.push(...ids);
        cursor = ids.at(-1);
        more = page.json().has_more;
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect([...seen].sort()).toEqual(seen);
    });
  });
}
