import type { Product } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, codeOf, createAdmin } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/** The test catalogue: the same on both dialects, so the same queries must find the same products. */
const CATALOGUE = [
  {
    key: 'torch',
    name: 'Crème brûlée torch',
    description: 'A kitchen blowtorch',
    sku: 'CB-TORCH-01',
    price: 3500,
  },
  { key: 'mug', name: 'Café au lait mug', description: null, sku: 'MUG-CAFE', price: 1200 },
  { key: 'ruler', name: 'Ångström ruler', description: 'Steel, 100 mm', sku: 'RUL-100', price: 800 },
  { key: 'kettle', name: 'Kettle', description: 'Stovetop, whistles', sku: 'KET-2L', price: 4500 },
] as const;

/** Query → the keys it must find (a set: order is relevance, checked separately). */
const SEARCH_TABLE: Array<[string, string[]]> = [
  ['creme', ['torch']],
  ['brul', ['torch']],
  ['CRÈME BRÛLÉE', ['torch']],
  ['CAFÉ', ['mug']],
  ['cafe mug', ['mug']],
  ['lin', ['shirt']],
  ['LIN-M', ['shirt']],
  ['torch-01', ['torch']],
  ['angstrom', ['ruler']],
  ['100', ['ruler']],
  ['bleu', ['shirt']],
  ['ciel', ['shirt']],
  ['whistl', ['kettle']],
  ['ket-2', ['kettle']],
  ['mug shirt', []],
  ['xyzzy', []],
  ['default', []],
  ['k', ['torch', 'kettle']],
];

for (const dialect of DIALECTS) {
  describe(`catalog search on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    const ids = new Map<string, string>();
    const keyOf = (id: string) => [...ids].find(([, value]) => value === id)?.[0] ?? id;

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { rateLimitMax: 100_000 } });
      admin = (await createAdmin(t)).accessToken;
      for (const item of CATALOGUE) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/products',
          headers: bearer(admin),
          payload: {
            name: item.name,
            ...(item.description ? { description: item.description } : {}),
            sku: item.sku,
            price: item.price,
            currency: 'EUR',
            stock: item.key === 'kettle' ? 0 : 5,
          },
        });
        ids.set(item.key, (response.json() as Product).id);
      }
      const shirt = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: 'Linen shirt',
          options: [{ name: 'Colour', values: ['Bleu ciel', 'White'] }],
          variants: [
            { sku: 'LIN-M', options: { Colour: 'Bleu ciel' }, prices: [{ currency: 'USD', amount: 2500 }] },
            { sku: 'LIN-W', options: { Colour: 'White' }, prices: [{ currency: 'EUR', amount: 2400 }] },
          ],
        },
      });
      ids.set('shirt', (shirt.json() as Product).id);
    });
    afterAll(async () => t?.close());

    const search = async (query: string) => {
      const response = await t.app.inject({ url: `/v1/products?limit=100&${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().data as Product[]).map((p) => keyOf(p.id));
    };

    it.each(SEARCH_TABLE)('q=%s finds %j', async (query, expected) => {
      const found = await search(`q=${encodeURIComponent(query)}`);
      expect([...found].sort()).toEqual([...expected].sort());
    });

    it('ranks the product whose name matches above one that matches only elsewhere', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: bearer(admin),
        payload: {
          name: 'Spare parts',
          description: 'fits the kettle',
          sku: 'SPARE-1',
          price: 100,
          currency: 'EUR',
        },
      });
      ids.set('spare', response.json().id);
      expect(await search('q=kettle')).toEqual(['kettle', 'spare']);
    });

    it('combines the words with filters: currency and price range, in stock, collection', async () => {
      // Untracked stock (the spare parts) counts as in stock.
      expect((await search('q=k&inStock=true')).sort()).toEqual(['spare', 'torch']);
      expect(await search('q=lin&currency=USD&minPrice=2000&maxPrice=3000')).toEqual(['shirt']);
      expect(await search('q=lin&currency=EUR&maxPrice=2000')).toEqual([]);
      expect((await search('currency=EUR&minPrice=1000&maxPrice=4000')).sort()).toEqual(
        ['mug', 'shirt', 'torch'].sort(),
      );
      const missing = await t.app.inject({ url: '/v1/products?minPrice=10' });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().errors[0].path).toBe('querystring.minPrice');
      const collection = await t.app.inject({
        method: 'POST',
        url: '/v1/collections',
        headers: bearer(admin),
        payload: { title: 'Kitchen' },
      });
      for (const key of ['torch', 'kettle']) {
        await t.app.inject({
          method: 'PUT',
          url: `/v1/collections/kitchen/products/${ids.get(key)}`,
          headers: bearer(admin),
          payload: {},
        });
      }
      expect(collection.json().handle).toBe('kitchen');
      expect((await search('collection=kitchen')).sort()).toEqual(['kettle', 'torch']);
      expect(await search(`q=torch&collection=${collection.json().id}`)).toEqual(['torch']);
      expect(await search('q=mug&collection=kitchen')).toEqual([]);
      const unknown = await t.app.inject({ url: '/v1/products?collection=nope' });
      expect(unknown.statusCode).toBe(422);
      expect(codeOf(unknown)).toBe('validation_failed');
    });

    it('finds the few matches that pass a filter far down the ranking, and inStock=false finds the sold out', async () => {
      const special = await t.app.inject({
        method: 'POST',
        url: '/v1/collections',
        headers: bearer(admin),
        payload: { title: 'Special bolts' },
      });
      const picked: string[] = [];
      for (let i = 0; i < 120; i++) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/v1/products',
          headers: bearer(admin),
          payload: { name: `Bolt ${i}`, sku: `BOLT-${i}`, price: 10, currency: 'EUR' },
        });
        if (i >= 117) {
          picked.push(created.json().id);
          await t.app.inject({
            method: 'PUT',
            url: `/v1/collections/${special.json().id}/products/${created.json().id}`,
            headers: bearer(admin),
            payload: {},
          });
        }
      }
      const response = await t.app.inject({ url: `/v1/products?q=bolt&limit=2&collection=special-bolts` });
      const first = response.json() as { data: Product[]; has_more: boolean };
      expect(first.has_more).toBe(true);
      const rest = await t.app.inject({
        url: `/v1/products?q=bolt&limit=2&collection=special-bolts&starting_after=${first.data[1]!.id}`,
      });
      const all = [...first.data, ...rest.json().data].map((p: Product) => p.id);
      expect(all.sort()).toEqual([...picked].sort());
      expect(rest.json().has_more).toBe(false);
      expect(await search('q=kettle&inStock=false')).toEqual(['kettle']);
      expect(await search('q=k&inStock=false')).toEqual(['kettle']);
    });

    it('pages through ranked results with the cursor, never repeating or skipping a product', async () => {
      for (let i = 0; i < 7; i++) {
        await t.app.inject({
          method: 'POST',
          url: '/v1/products',
          headers: bearer(admin),
          payload: {
            name: `Widget ${'gizmo '.repeat(i % 3)}${i}`,
            sku: `WIDGET-${i}`,
            price: 100,
            currency: 'EUR',
          },
        });
      }
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const response = await t.app.inject({
          url: `/v1/products?q=widget&limit=2${after ? `&starting_after=${after}` : ''}`,
        });
        const body = response.json() as { data: Product[]; has_more: boolean };
        seen.push(...body.data.map((p) => p.id));
        if (!body.has_more) break;
        after = body.data.at(-1)!.id;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it('a renamed product is found by its new name at once, not by the old one', async () => {
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${ids.get('mug')}`,
        headers: bearer(admin),
        payload: { name: 'Espresso cup' },
      });
      expect(await search('q=espresso')).toEqual(['mug']);
      expect(await search('q=lait')).toEqual([]);
    });
  });
}
