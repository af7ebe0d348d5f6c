import { type Collection, CollectionSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`collections on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    async function create(payload: Record<string, unknown>) {
      return t.app.inject({ method: 'POST', url: '/v1/collections', headers: bearer(admin), payload });
    }

    it('creates collections with a handle minted from the title, or the given one, unique', async () => {
      const summer = await create({ title: 'Été 2026 — Sale!' });
      expect(summer.statusCode, summer.body).toBe(201);
      expect(CollectionSchema.parse(summer.json())).toMatchObject({
        handle: 'ete-2026-sale',
        productIds: [],
      });
      const again = await create({ title: 'Été 2026 — Sale!' });
      expect(again.json().handle).toBe('ete-2026-sale-2');
      const taken = await create({ title: 'Other', handle: 'ete-2026-sale' });
      expect(taken.statusCode).toBe(409);
      expect(codeOf(taken)).toBe('handle_taken');
      const bad = await create({ title: 'Bad', handle: 'Not A Slug' });
      expect(bad.statusCode).toBe(422);
    });

    it('orders its products by position and moves them', async () => {
      const collection = (await create({ title: 'Ordered' })).json() as Collection;
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => createProduct(t.app, admin)));
      const put = (productId: string, payload: object) =>
        t.app.inject({
          method: 'PUT',
          url: `/v1/collections/${collection.id}/products/${productId}`,
          headers: bearer(admin),
          payload,
        });
      await put(a!.id, {});
      await put(b!.id, {});
      const last = await put(c!.id, { position: 0 });
      expect(last.json().productIds).toEqual([c!.id, a!.id, b!.id]);
      const moved = await put(c!.id, { position: 5 });
      expect(moved.json().productIds).toEqual([a!.id, b!.id, c!.id]);
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/v1/collections/${collection.handle}/products/${a!.id}`,
        headers: bearer(admin),
      });
      expect(removed.json().productIds).toEqual([b!.id, c!.id]);
      const unknownProduct = await put('prd_01ARZ3NDEKTSV4RRFFQ69G5FAV', {});
      expect(unknownProduct.statusCode).toBe(404);
    });

    it('reads by ID or handle, updates, lists with a cursor, deletes', async () => {
      const made = (await create({ title: 'Readable', description: 'words' })).json() as Collection;
      expect((await t.app.inject({ url: `/v1/collections/${made.handle}` })).json().id).toBe(made.id);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/collections/${made.id}`,
        headers: bearer(admin),
        payload: { title: 'Renamed', handle: 'renamed', description: null },
      });
      expect(patched.json()).toMatchObject({ title: 'Renamed', handle: 'renamed', description: null });
      const first = await t.app.inject({ url: '/v1/collections?limit=1' });
      expect(first.json()).toMatchObject({ has_more: true });
      const next = await t.app.inject({
        url: `/v1/collections?limit=100&starting_after=${first.json().data[0].id}`,
      });
      expect(next.json().data.map((c: Collection) => c.id)).not.toContain(first.json().data[0].id);
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: '/v1/collections/renamed',
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect((await t.app.inject({ url: '/v1/collections/renamed' })).statusCode).toBe(404);
      const events = await t.database.db
        .selectFrom('events')
        .select('type')
        .where('subject_id', '=', made.id)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        'collection.created',
        'collection.updated',
        'collection.deleted',
      ]);
    });

    it('guests read collections; only admins change them', async () => {
      const user = (await registerUser(t.app)).accessToken;
      expect((await t.app.inject({ url: '/v1/collections' })).statusCode).toBe(200);
      for (const headers of [{}, bearer(user)]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/collections',
          headers,
          payload: { title: 'X' },
        });
        expect([401, 403]).toContain(response.statusCode);
      }
    });
  });
}
