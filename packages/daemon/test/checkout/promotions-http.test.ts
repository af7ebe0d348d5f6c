import { type Promotion, PromotionSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypesOf } from '../support/checkout-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`promotions on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/promotions', headers: bearer(admin), payload });
    const made = async (payload: Record<string, unknown>) => {
      const response = await create({
        name: 'Promo',
        discount: { type: 'percentage', bps: 1000 },
        ...payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as Promotion;
    };
    const cart = {
      currency: 'EUR',
      subtotal: 4000,
      lines: [{ variantId: 'var_A', productId: 'prd_A', collectionIds: [], subtotal: 4000 }],
      customerKey: 'email:ann@example.com',
      now: new Date(),
    };

    it('stores codes upper-cased and unique in any case (409 code_taken); no code = automatic', async () => {
      const spring = await create({
        code: 'spring-10',
        name: 'Spring',
        discount: {
          type: 'fixed',
          amounts: [
            { currency: 'EUR', amount: 1000 },
            { currency: 'USD', amount: 1100 },
          ],
        },
        target: { type: 'items', productIds: ['prd_01ARZ3NDEKTSV4RRFFQ69G5FAV'] },
        minimumSubtotal: [{ currency: 'EUR', amount: 2000 }],
        usageLimit: 100,
        perCustomerLimit: 1,
      });
      expect(spring.statusCode, spring.body).toBe(201);
      expect(PromotionSchema.parse(spring.json())).toMatchObject({
        code: 'SPRING-10',
        automatic: false,
        discount: {
          type: 'fixed',
          amounts: [
            { currency: 'EUR', amount: 1000 },
            { currency: 'USD', amount: 1100 },
          ],
        },
        target: {
          type: 'items',
          productIds: ['prd_01ARZ3NDEKTSV4RRFFQ69G5FAV'],
          variantIds: [],
          collectionIds: [],
        },
        minimumSubtotal: [{ currency: 'EUR', amount: 2000 }],
        usageCount: 0,
        combinable: false,
      });
      const taken = await create({
        code: 'Spring-10',
        name: 'Dup',
        discount: { type: 'percentage', bps: 500 },
      });
      expect(taken.statusCode).toBe(409);
      expect(codeOf(taken)).toBe('code_taken');
      const auto = await made({
        name: 'Free shipping',
        target: { type: 'shipping' },
        discount: { type: 'percentage', bps: 10_000 },
      });
      expect(auto).toMatchObject({ code: null, automatic: true });
      const byCode = await t.app.inject({ url: '/v1/promotions?code=spring-10', headers: bearer(admin) });
      expect(byCode.json().data.map((p: Promotion) => p.id)).toEqual([spring.json().id]);
    });

    it('answers 422 with field errors for bad bodies', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'X', discount: { type: 'percentage', bps: 10_001 } }, 'body.discount.bps'],
        [{ name: 'X', discount: { type: 'fixed', amounts: [] } }, 'body.discount.amounts'],
        [{ name: 'X', code: 'no spaces', discount: { type: 'percentage', bps: 1 } }, 'body.code'],
        [{ name: 'X', discount: { type: 'percentage', bps: 1 }, target: { type: 'items' } }, 'body.target'],
        [
          {
            name: 'X',
            discount: { type: 'percentage', bps: 1 },
            startsAt: '2026-02-01T00:00:00Z',
            endsAt: '2026-01-01T00:00:00Z',
          },
          'body.endsAt',
        ],
        [{ name: 'X', discount: { type: 'percentage', bps: 1 }, usageLimit: 0 }, 'body.usageLimit'],
      ];
      for (const [payload, path] of cases) {
        const response = await create(payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(422);
        expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      }
    });

    it('updates, refuses to delete a used promotion, deletes an unused one, writes events', async () => {
      const promo = await made({ code: 'EDIT-ME' });
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/promotions/${promo.id}`,
        headers: bearer(admin),
        payload: {
          code: 'edited',
          combinable: true,
          discount: { type: 'fixed', amounts: [{ currency: 'JPY', amount: 500 }] },
        },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ code: 'EDITED', combinable: true, discount: { type: 'fixed' } });
      const window = await t.app.inject({
        method: 'PATCH',
        url: `/v1/promotions/${promo.id}`,
        headers: bearer(admin),
        payload: { startsAt: '2030-01-01T00:00:00Z', endsAt: '2029-01-01T00:00:00Z' },
      });
      expect(window.statusCode).toBe(422);
      await t.database.db
        .transaction()
        .execute((trx) => t.services.promotions.consumeUsage(trx, promo.id, 'usr_A'));
      const refused = await t.app.inject({
        method: 'DELETE',
        url: `/v1/promotions/${promo.id}`,
        headers: bearer(admin),
      });
      expect(refused.statusCode).toBe(409);
      expect(codeOf(refused)).toBe('promotion_in_use');
      const unused = await made({ code: 'UNUSED' });
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/promotions/${unused.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect(
        (await t.app.inject({ url: `/v1/promotions/${unused.id}`, headers: bearer(admin) })).statusCode,
      ).toBe(404);
      expect(await eventTypesOf(t.database.db, promo.id)).toEqual(['promotion.created', 'promotion.updated']);
      expect(await eventTypesOf(t.database.db, unused.id)).toEqual([
        'promotion.created',
        'promotion.deleted',
      ]);
    });

    it('findApplicable judges a typed code and adds the automatic promotions that combine', async () => {
      const p = t.services.promotions;
      const find = (query: Parameters<typeof p.findApplicable>[1]) =>
        t.database.db.transaction().execute((trx) => p.findApplicable(trx, query));
      const summer = await made({
        code: 'SUMMER',
        combinable: true,
        minimumSubtotal: [{ currency: 'EUR', amount: 5000 }],
      });
      let result = await find({ code: 'summer', cart });
      expect(result.code).toMatchObject({
        ok: false,
        reason: 'minimum_not_met',
        promotion: { id: summer.id },
      });
      result = await find({ code: 'summer', cart: { ...cart, subtotal: 6000 } });
      expect(result.code).toMatchObject({ ok: true, promotion: { id: summer.id } });
      expect((await find({ code: 'NOPE', cart })).code).toMatchObject({
        ok: false,
        reason: 'promotion_not_found',
      });
      const expired = await made({ code: 'OLD', endsAt: '2020-01-01T00:00:00Z' });
      expect((await find({ code: 'old', cart })).code).toMatchObject({
        ok: false,
        reason: 'promotion_expired',
      });
      const solo = await made({ code: 'SOLO' });
      expect((await find({ code: 'SOLO', cart, appliedPromotionIds: [summer.id] })).code).toMatchObject({
        ok: false,
        reason: 'promotion_not_combinable',
      });
      expect(expired.id).toBeTruthy();
      // Automatic promotions: a combinable one joins the combinable code; the non-combinable free shipping does not.
      const welcome = await made({
        name: 'Welcome',
        combinable: true,
        discount: { type: 'percentage', bps: 500 },
      });
      const withCode = await find({ code: 'SUMMER', cart: { ...cart, subtotal: 6000 } });
      expect(withCode.automatic.map((promo) => promo.id)).toEqual([welcome.id]);
      // Without a code the first automatic one (non-combinable free shipping) takes the cart alone.
      const alone = await find({ cart });
      expect(alone.code).toBeNull();
      expect(alone.automatic).toHaveLength(1);
      expect(alone.automatic[0]).toMatchObject({ target: { type: 'shipping' }, combinable: false });
      expect(solo.id).toBeTruthy();
    });

    it('consumeUsage: 50 concurrent consumers of a limit-10 promotion, exactly 10 succeed; exhausted is one event', async () => {
      const promo = await made({ code: 'TEN', usageLimit: 10 });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.database.db
            .transaction()
            .execute((trx) =>
              t.services.promotions.consumeUsage(trx, promo.id, `email:buyer${i}@example.com`),
            ),
        ),
      );
      expect(results.filter((r) => r.consumed)).toHaveLength(10);
      expect(
        results
          .filter((r) => !r.consumed)
          .every((r) => !r.consumed && r.reason === 'promotion_usage_exhausted'),
      ).toBe(true);
      const after = (
        await t.app.inject({ url: `/v1/promotions/${promo.id}`, headers: bearer(admin) })
      ).json();
      expect(after.usageCount).toBe(10);
      const usages = await t.database.db
        .selectFrom('promotion_usages')
        .select('customer_key')
        .where('promotion_id', '=', promo.id)
        .execute();
      expect(usages).toHaveLength(10);
      expect(await eventTypesOf(t.database.db, promo.id)).toEqual([
        'promotion.created',
        'promotion.exhausted',
      ]);
    });

    it('consumeUsage holds the per-customer limit under concurrency and gives back the total use', async () => {
      const promo = await made({ code: 'ONCE-EACH', perCustomerLimit: 2, usageLimit: 100 });
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          t.database.db
            .transaction()
            .execute((trx) => t.services.promotions.consumeUsage(trx, promo.id, 'usr_SAME')),
        ),
      );
      expect(results.filter((r) => r.consumed)).toHaveLength(2);
      expect(
        results.filter((r) => !r.consumed && r.reason === 'promotion_customer_limit_reached'),
      ).toHaveLength(10);
      const after = (
        await t.app.inject({ url: `/v1/promotions/${promo.id}`, headers: bearer(admin) })
      ).json();
      expect(after.usageCount).toBe(2);
      const missing = await t.database.db
        .transaction()
        .execute((trx) => t.services.promotions.consumeUsage(trx, 'pro_01ARZ3NDEKTSV4RRFFQ69G5FAV', null));
      expect(missing).toEqual({ consumed: false, reason: 'promotion_not_found' });
    });

    it('only admins read or change promotions', async () => {
      const user = (await registerUser(t.app)).accessToken;
      expect((await t.app.inject({ url: '/v1/promotions' })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/promotions', headers: bearer(user) })).statusCode).toBe(403);
      const post = await t.app.inject({
        method: 'POST',
        url: '/v1/promotions',
        headers: bearer(user),
        payload: { name: 'X', discount: { type: 'percentage', bps: 1 } },
      });
      expect(post.statusCode).toBe(403);
    });
  });
}
