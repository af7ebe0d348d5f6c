import { type TaxRate, TaxRateSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/infra/cache/memory-cache.js';
import { readThroughCache } from '../../src/infra/cache/read-through-cache.js';
import { createTableTaxCalculator } from '../../src/modules/tax/table-tax-calculator.js';
import { taxAddressOf } from '../../src/modules/tax/tax-calculator.js';
import { createRegion, eventTypesOf } from '../support/checkout-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`tax rates on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/tax-rates', headers: bearer(admin), payload });

    it('creates rates per region, subdivision and category; one per scope (409 tax_rate_taken)', async () => {
      const us = await createRegion(t.app, admin, { countries: ['US'], currency: 'USD' });
      const made = await create({
        regionId: us.id,
        name: 'CA sales tax',
        subdivision: 'us-ca',
        rateBps: 725,
      });
      expect(made.statusCode, made.body).toBe(201);
      expect(TaxRateSchema.parse(made.json())).toMatchObject({
        regionId: us.id,
        subdivision: 'US-CA',
        taxCategory: null,
        rateBps: 725,
        appliesToShipping: false,
      });
      const again = await create({ regionId: us.id, name: 'Again', subdivision: 'US-CA', rateBps: 800 });
      expect(again.statusCode).toBe(409);
      expect(codeOf(again)).toBe('tax_rate_taken');
      const category = await create({
        regionId: us.id,
        name: 'Books',
        subdivision: 'US-CA',
        taxCategory: 'books',
        rateBps: 0,
      });
      expect(category.statusCode).toBe(201);
    });

    it('answers 422 for a subdivision outside the region or not in ISO 3166-2, a bad rate, an unknown region', async () => {
      const region = await createRegion(t.app, admin, { countries: ['GB'], currency: 'GBP' });
      const foreign = await create({ regionId: region.id, name: 'X', subdivision: 'US-CA', rateBps: 100 });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json().errors).toEqual([
        expect.objectContaining({ path: 'body.subdivision', message: expect.stringContaining('GB') }),
      ]);
      const invented = await create({ regionId: region.id, name: 'X', subdivision: 'GB-ZZZ', rateBps: 100 });
      expect(invented.statusCode).toBe(422);
      expect(invented.json().errors[0].code).toBe('invalid_subdivision');
      const fraction = await create({ regionId: region.id, name: 'X', rateBps: 20.5 });
      expect(fraction.statusCode).toBe(422);
      expect(fraction.json().errors[0].path).toBe('body.rateBps');
      const nowhere = await create({ regionId: 'reg_01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'X', rateBps: 100 });
      expect(nowhere.statusCode).toBe(422);
      expect(nowhere.json().errors[0].path).toBe('body.regionId');
    });

    it('reads, filters by region, updates, deletes, and writes events', async () => {
      const region = await createRegion(t.app, admin);
      const other = await createRegion(t.app, admin);
      const rate = (await create({ regionId: region.id, name: 'VAT', rateBps: 2100 })).json() as TaxRate;
      await create({ regionId: other.id, name: 'VAT', rateBps: 1900 });
      const got = await t.app.inject({ url: `/v1/tax-rates/${rate.id}`, headers: bearer(admin) });
      expect(got.json()).toEqual(rate);
      const listed = await t.app.inject({
        url: `/v1/tax-rates?regionId=${region.id}`,
        headers: bearer(admin),
      });
      expect(listed.json().data.map((r: TaxRate) => r.id)).toEqual([rate.id]);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/tax-rates/${rate.id}`,
        headers: bearer(admin),
        payload: { rateBps: 2000, appliesToShipping: true, taxCategory: 'standard' },
      });
      expect(patched.json()).toMatchObject({
        rateBps: 2000,
        appliesToShipping: true,
        taxCategory: 'standard',
      });
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/v1/tax-rates/${rate.id}`,
        headers: bearer(admin),
      });
      expect(removed.statusCode).toBe(200);
      expect(await eventTypesOf(t.database.db, rate.id)).toEqual([
        'tax_rate.created',
        'tax_rate.updated',
        'tax_rate.deleted',
      ]);
    });

    it('the table calculator picks the most specific rate for the shipping address, else billing (read fresh or cached)', async () => {
      const region = await createRegion(t.app, admin, { countries: ['CA'], currency: 'CAD' });
      const add = async (payload: Record<string, unknown>) =>
        (await create({ regionId: region.id, name: 'Tax', ...payload })).json() as TaxRate;
      const base = await add({ rateBps: 500, appliesToShipping: true });
      const quebec = await add({ subdivision: 'CA-QC', rateBps: 1498 });
      const books = await add({ taxCategory: 'books', rateBps: 0 });
      const calculator = createTableTaxCalculator({
        regionRates: readThroughCache(createMemoryCache(), 'rates', 60_000),
      });
      // Read in the transaction, then twice through the cache (a miss that loads every rate, then a hit).
      for (const cached of [false, true, true]) {
        const inQuebec = await calculator.ratesFor(t.database.db, {
          regionId: region.id,
          address: taxAddressOf({
            shippingAddress: null,
            billingAddress: { countryCode: 'CA', subdivision: 'CA-QC' },
          }),
          taxCategories: ['books', 'food'],
          cached,
        });
        expect(inQuebec.default?.rateId).toBe(quebec.id);
        expect(inQuebec.byCategory.books?.rateId).toBe(books.id);
        expect(inQuebec.byCategory.food?.rateId).toBe(quebec.id);
        // Quebec's own rate does not tax shipping; the books rate neither: shipping is untaxed there.
        expect(inQuebec.shippingRate).toBeNull();
        const inOntario = await calculator.ratesFor(t.database.db, {
          regionId: region.id,
          address: taxAddressOf({
            shippingAddress: { countryCode: 'CA', subdivision: 'CA-ON' },
            billingAddress: { countryCode: 'CA', subdivision: 'CA-QC' },
          }),
          taxCategories: [],
          cached,
        });
        expect(inOntario.default?.rateId).toBe(base.id);
        expect(inOntario.shippingRate?.rateId).toBe(base.id);
      }
    });

    it('only admins read or change tax rates', async () => {
      const user = (await registerUser(t.app)).accessToken;
      expect((await t.app.inject({ url: '/v1/tax-rates' })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/tax-rates', headers: bearer(user) })).statusCode).toBe(403);
      const post = await t.app.inject({
        method: 'POST',
        url: '/v1/tax-rates',
        headers: bearer(user),
        payload: {},
      });
      expect(post.statusCode).toBe(403);
    });
  });
}
