import { type Region, RegionSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegion, eventTypesOf } from '../support/checkout-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`regions on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/regions', headers: bearer(admin), payload });

    it('creates a region with upper-cased countries, and refuses a country another region has (409 naming it)', async () => {
      const europe = await create({
        name: 'Europe',
        countries: ['de', 'FR'],
        currency: 'EUR',
        pricesIncludeTax: true,
      });
      expect(europe.statusCode, europe.body).toBe(201);
      const region = RegionSchema.parse(europe.json());
      expect(region).toMatchObject({
        name: 'Europe',
        countries: ['DE', 'FR'],
        currency: 'EUR',
        pricesIncludeTax: true,
      });
      expect(region.id).toMatch(/^reg_/);

      const clash = await create({ name: 'DACH', countries: ['AT', 'DE'], currency: 'EUR' });
      expect(clash.statusCode).toBe(409);
      expect(codeOf(clash)).toBe('country_taken');
      expect(clash.json().detail).toContain(region.id);
      expect(clash.json().errors).toEqual([
        expect.objectContaining({ path: 'body.countries.1', code: 'country_taken' }),
      ]);
      expect(clash.headers['x-should-retry']).toBe('false');

      // Moving a country: take it out of one region, then into another.
      const shrunk = await t.app.inject({
        method: 'PATCH',
        url: `/v1/regions/${region.id}`,
        headers: bearer(admin),
        payload: { countries: ['FR'] },
      });
      expect(shrunk.json().countries).toEqual(['FR']);
      expect((await create({ name: 'DACH', countries: ['AT', 'DE'], currency: 'EUR' })).statusCode).toBe(201);
    });

    it('answers 422 with field errors for codes that are not real countries or currencies', async () => {
      const unknown = await create({ name: 'Nowhere', countries: ['GB', 'XX'], currency: 'GBP' });
      expect(unknown.statusCode).toBe(422);
      expect(codeOf(unknown)).toBe('validation_failed');
      expect(unknown.json().errors).toEqual([
        expect.objectContaining({ path: 'body.countries.1', code: 'invalid_country' }),
      ]);
      const shape = await create({ name: 'Bad', countries: ['GBR'], currency: 'pounds' });
      expect(shape.statusCode).toBe(422);
      const paths = new Set((shape.json().errors as Array<{ path: string }>).map((e) => e.path));
      expect([...paths].sort()).toEqual(['body.countries.0', 'body.currency']);
      const repeated = await create({ name: 'Twice', countries: ['JP', 'jp'], currency: 'JPY' });
      expect(repeated.statusCode).toBe(422);
      const empty = await create({ name: 'Empty', countries: [], currency: 'JPY' });
      expect(empty.statusCode).toBe(422);
    });

    it('reads, lists by country and with a cursor, updates, deletes, and writes events', async () => {
      const made = await createRegion(t.app, admin, { name: 'Readable', countries: ['CA'], currency: 'CAD' });
      expect((await t.app.inject({ url: `/v1/regions/${made.id}` })).json()).toEqual(made);
      const byCountry = await t.app.inject({ url: '/v1/regions?country=ca' });
      expect(byCountry.json().data.map((r: Region) => r.id)).toEqual([made.id]);
      expect((await t.app.inject({ url: '/v1/regions?country=AQ' })).json().data).toEqual([]);
      const first = await t.app.inject({ url: '/v1/regions?limit=1' });
      expect(first.json().has_more).toBe(true);
      const rest = await t.app.inject({
        url: `/v1/regions?limit=100&starting_after=${first.json().data[0].id}`,
      });
      expect(rest.json().data.map((r: Region) => r.id)).not.toContain(first.json().data[0].id);

      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/regions/${made.id}`,
        headers: bearer(admin),
        payload: { name: 'Canada', currency: 'USD', pricesIncludeTax: true },
      });
      expect(patched.json()).toMatchObject({ name: 'Canada', currency: 'USD', pricesIncludeTax: true });
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/regions/${made.id}`,
        headers: bearer(admin),
      });
      expect(deleted.statusCode).toBe(200);
      expect((await t.app.inject({ url: `/v1/regions/${made.id}` })).statusCode).toBe(404);
      // The country is free again.
      expect((await create({ name: 'Canada again', countries: ['CA'], currency: 'CAD' })).statusCode).toBe(
        201,
      );
      expect(await eventTypesOf(t.database.db, made.id)).toEqual([
        'region.created',
        'region.updated',
        'region.deleted',
      ]);
    });

    it('refuses to delete a region, or change its currency, while rates or methods belong to it', async () => {
      const region = await createRegion(t.app, admin);
      const rate = await t.app.inject({
        method: 'POST',
        url: '/v1/tax-rates',
        headers: bearer(admin),
        payload: { regionId: region.id, name: 'VAT', rateBps: 2000 },
      });
      expect(rate.statusCode, rate.body).toBe(201);
      const method = await t.app.inject({
        method: 'POST',
        url: '/v1/shipping-methods',
        headers: bearer(admin),
        payload: { regionId: region.id, name: 'Post', rule: { type: 'flat', amount: 495 } },
      });
      expect(method.statusCode, method.body).toBe(201);
      const blocked = await t.app.inject({
        method: 'DELETE',
        url: `/v1/regions/${region.id}`,
        headers: bearer(admin),
      });
      expect(blocked.statusCode).toBe(409);
      expect(codeOf(blocked)).toBe('region_in_use');
      const currency = await t.app.inject({
        method: 'PATCH',
        url: `/v1/regions/${region.id}`,
        headers: bearer(admin),
        payload: { currency: 'USD' },
      });
      expect(codeOf(currency)).toBe('region_in_use');
      await t.app.inject({
        method: 'DELETE',
        url: `/v1/tax-rates/${rate.json().id}`,
        headers: bearer(admin),
      });
      await t.app.inject({
        method: 'DELETE',
        url: `/v1/shipping-methods/${method.json().id}`,
        headers: bearer(admin),
      });
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/v1/regions/${region.id}`, headers: bearer(admin) }))
          .statusCode,
      ).toBe(200);
    });

    it('two admins claiming the same country at once: one region gets it, the other 409', async () => {
      const results = await Promise.all(
        [1, 2, 3].map((n) => create({ name: `Racer ${n}`, countries: ['NZ'], currency: 'NZD' })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      expect(results.filter((r) => r.statusCode === 409).every((r) => codeOf(r) === 'country_taken')).toBe(
        true,
      );
    });

    it('anyone reads regions; only admins change them', async () => {
      const user = (await registerUser(t.app)).accessToken;
      expect((await t.app.inject({ url: '/v1/regions' })).statusCode).toBe(200);
      for (const headers of [{}, bearer(user)]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/regions',
          headers,
          payload: { name: 'X', countries: ['MX'], currency: 'MXN' },
        });
        expect([401, 403]).toContain(response.statusCode);
      }
    });
  });
}
