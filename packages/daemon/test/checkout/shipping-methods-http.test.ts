import { type ShippingMethod, ShippingMethodSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegion, eventTypesOf } from '../support/checkout-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`shipping methods on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/shipping-methods', headers: bearer(admin), payload });

    it('creates methods in the region currency with each kind of rule', async () => {
      const region = await createRegion(t.app, admin, { currency: 'SEK' });
      const flat = await create({
        regionId: region.id,
        name: 'Letter',
        rule: { type: 'flat', amount: 4900 },
      });
      expect(flat.statusCode, flat.body).toBe(201);
      expect(ShippingMethodSchema.parse(flat.json())).toMatchObject({
        currency: 'SEK',
        active: true,
        minSubtotal: null,
        maxSubtotal: null,
      });
      const tiers = await create({
        regionId: region.id,
        name: 'Parcel',
        rule: {
          type: 'weight_tiers',
          tiers: [
            { upToGrams: 2000, amount: 9900 },
            { upToGrams: null, amount: 19900 },
          ],
        },
        minSubtotal: 0,
        maxSubtotal: 1_000_000,
      });
      expect(tiers.statusCode, tiers.body).toBe(201);
      expect(tiers.json().rule.tiers).toHaveLength(2);
    });

    it('answers 422 for bad rules, ranges and regions', async () => {
      const region = await createRegion(t.app, admin);
      const unordered = await create({
        regionId: region.id,
        name: 'X',
        rule: {
          type: 'weight_tiers',
          tiers: [
            { upToGrams: null, amount: 1 },
            { upToGrams: 500, amount: 2 },
          ],
        },
      });
      expect(unordered.statusCode).toBe(422);
      expect(unordered.json().errors[0].path).toMatch(/^body\.rule\.tiers\.0/);
      const range = await create({
        regionId: region.id,
        name: 'X',
        rule: { type: 'flat', amount: 1 },
        minSubtotal: 500,
        maxSubtotal: 100,
      });
      expect(range.statusCode).toBe(422);
      const kind = await create({ regionId: region.id, name: 'X', rule: { type: 'drone', amount: 1 } });
      expect(kind.statusCode).toBe(422);
      const fraction = await create({ regionId: region.id, name: 'X', rule: { type: 'flat', amount: 4.95 } });
      expect(fraction.statusCode).toBe(422);
      const nowhere = await create({
        regionId: 'reg_01ARZ3NDEKTSV4RRFFQ69G5FAV',
        name: 'X',
        rule: { type: 'flat', amount: 1 },
      });
      expect(codeOf(nowhere)).toBe('validation_failed');
      expect(nowhere.json().errors[0].path).toBe('body.regionId');
      const made = (
        await create({ regionId: region.id, name: 'Y', rule: { type: 'flat', amount: 1 }, minSubtotal: 500 })
      ).json();
      const below = await t.app.inject({
        method: 'PATCH',
        url: `/v1/shipping-methods/${made.id}`,
        headers: bearer(admin),
        payload: { maxSubtotal: 100 },
      });
      expect(below.statusCode).toBe(422);
    });

    it('offers the methods a cart can use, cheapest first (optionsFor)', async () => {
      const region = await createRegion(t.app, admin);
      const add = async (payload: Record<string, unknown>) =>
        (await create({ regionId: region.id, ...payload })).json() as ShippingMethod;
      const standard = await add({
        name: 'Standard',
        rule: { type: 'free_above', amount: 595, freeAbove: 5000 },
      });
      const express = await add({ name: 'Express', rule: { type: 'flat', amount: 1500 } });
      const heavy = await add({
        name: 'Freight',
        rule: { type: 'weight_tiers', tiers: [{ upToGrams: 30_000, amount: 4000 }] },
        minSubtotal: 10_000,
      });
      await add({ name: 'Off', rule: { type: 'flat', amount: 1 }, active: false });
      const options = (subtotal: number, grams: number) =>
        t.services.shippingMethods
          .optionsFor(t.database.db, { regionId: region.id, subtotal, grams })
          .then((list) => list.map((o) => [o.method.id, o.amount]));
      expect(await options(1000, 500)).toEqual([
        [standard.id, 595],
        [express.id, 1500],
      ]);
      expect(await options(20_000, 500)).toEqual([
        [standard.id, 0],
        [express.id, 1500],
        [heavy.id, 4000],
      ]);
      expect(await options(20_000, 40_000)).toEqual([
        [standard.id, 0],
        [express.id, 1500],
      ]);
    });

    it('guests see active methods only; admins see all, update, delete; events are written', async () => {
      const region = await createRegion(t.app, admin);
      const method = (
        await create({
          regionId: region.id,
          name: 'Hidden',
          rule: { type: 'flat', amount: 100 },
          active: false,
        })
      ).json() as ShippingMethod;
      expect((await t.app.inject({ url: `/v1/shipping-methods/${method.id}` })).statusCode).toBe(404);
      const guestList = await t.app.inject({
        url: `/v1/shipping-methods?regionId=${region.id}&active=false`,
      });
      expect(guestList.json().data).toEqual([]);
      const adminList = await t.app.inject({
        url: `/v1/shipping-methods?regionId=${region.id}`,
        headers: bearer(admin),
      });
      expect(adminList.json().data.map((m: ShippingMethod) => m.id)).toEqual([method.id]);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/shipping-methods/${method.id}`,
        headers: bearer(admin),
        payload: { active: true, rule: { type: 'flat', amount: 200 } },
      });
      expect(patched.json()).toMatchObject({ active: true, rule: { type: 'flat', amount: 200 } });
      expect((await t.app.inject({ url: `/v1/shipping-methods/${method.id}` })).json().id).toBe(method.id);
      const user = (await registerUser(t.app)).accessToken;
      const forbidden = await t.app.inject({
        method: 'DELETE',
        url: `/v1/shipping-methods/${method.id}`,
        headers: bearer(user),
      });
      expect(forbidden.statusCode).toBe(403);
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/shipping-methods/${method.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect(await eventTypesOf(t.database.db, method.id)).toEqual([
        'shipping_method.created',
        'shipping_method.updated',
        'shipping_method.deleted',
      ]);
    });
  });
}
