import { ProductSchema } from '@tillpoint/sdk/schemas';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database-types.js';
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createMemoryCache } from '../../src/infra/cache/memory-cache.js';
import { mediaOfProducts } from '../../src/modules/media/media-repository.js';
import { createCatalogStore } from '../../src/modules/products/catalog-store.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

const AT = '2026-01-02T03:04:05.000Z';
const PRODUCT = 'prd_01JAAAAAAAAAAAAAAAAAAAAAAA';
const UNTRACKED = 'prd_01JBBBBBBBBBBBBBBBBBBBBBBB';

/** Rows as release 0.1 (schema up to migration 0006) wrote them: one SKU, price and stock per product. */
// biome-ignore lint/suspicious/noExplicitAny: the old schema, not today's table types
async function seedOldCatalog(db: Kysely<any>, boolean: (value: boolean) => unknown) {
  await db
    .insertInto('users')
    .values({
      id: 'usr_01JCCCCCCCCCCCCCCCCCCCCCCC',
      email: 'old@example.com',
      role: 'user',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  const product = (
    id: string,
    sku: string,
    name: string,
    price: number,
    currency: string,
    stock: number | null,
  ) => ({
    id,
    sku,
    name,
    description: 'from 0.1',
    price,
    currency,
    active: boolean(true),
    stock,
    metadata: '{}',
    created_at: AT,
    updated_at: AT,
  });
  await db
    .insertInto('products')
    .values([
      product(PRODUCT, 'OLD-MUG', 'Café mug', 1250, 'EUR', 7),
      product(UNTRACKED, 'OLD-EBOOK', 'Café mug', 990, 'JPY', null),
    ])
    .execute();
  await db
    .insertInto('stock_adjustments')
    .values({
      id: 'sta_01JDDDDDDDDDDDDDDDDDDDDDDD',
      product_id: PRODUCT,
      delta: 7,
      reason: 'initial',
      stock_after: 7,
      actor: 'system',
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('orders')
    .values({
      id: 'ord_01JEEEEEEEEEEEEEEEEEEEEEEE',
      user_id: 'usr_01JCCCCCCCCCCCCCCCCCCCCCCC',
      status: 'pending',
      currency: 'EUR',
      total: 2500,
      amount_paid: 0,
      amount_refunded: 0,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('order_items')
    .values({
      id: 'oit_01JFFFFFFFFFFFFFFFFFFFFFFF',
      order_id: 'ord_01JEEEEEEEEEEEEEEEEEEEEEEE',
      product_id: PRODUCT,
      sku: 'OLD-MUG',
      name: 'Café mug',
      unit_price: 1250,
      quantity: 2,
      line_total: 2500,
      stock_reserved: boolean(true),
    })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`migration 0007 (variants) on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let database: DatabaseHandle;

    beforeAll(async () => {
      testDatabase = await createTestDatabase(dialect);
      database = await openDatabase(
        loadConfig({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl }, {}),
      );
      await migrateUpTo(database, '0006-audit-log');
      await seedOldCatalog(database.db, (value) => (dialect === 'postgres' ? value : value ? 1 : 0));
      await migrateToLatest(database);
    });
    afterAll(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    it('gives every old product a default variant with its SKU, price and stock', async () => {
      const variants = await database.db.selectFrom('variants').selectAll().orderBy('sku').execute();
      expect(variants.map((v) => [v.product_id, v.sku, v.stock, v.title, v.options])).toEqual([
        [UNTRACKED, 'OLD-EBOOK', null, 'Default', '{}'],
        [PRODUCT, 'OLD-MUG', 7, 'Default', '{}'],
      ]);
      const prices = await database.db.selectFrom('variant_prices').selectAll().orderBy('currency').execute();
      expect(prices.map((p) => [p.currency, p.amount])).toEqual([
        ['EUR', 1250],
        ['JPY', 990],
      ]);
    });

    it('maps order lines and stock adjustments to the new variants, and retires the product columns', async () => {
      const variant = await database.db
        .selectFrom('variants')
        .select('id')
        .where('sku', '=', 'OLD-MUG')
        .executeTakeFirstOrThrow();
      const line = await database.db.selectFrom('order_items').selectAll().executeTakeFirstOrThrow();
      const adjustment = await database.db
        .selectFrom('stock_adjustments')
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(line.variant_id).toBe(variant.id);
      expect(adjustment.variant_id).toBe(variant.id);
      const product = await database.db
        .selectFrom('products')
        .selectAll()
        .where('id', '=', PRODUCT)
        .executeTakeFirstOrThrow();
      expect(product).toMatchObject({ sku: PRODUCT, price: 0, currency: 'XXX', stock: null });
    });

    it('mints distinct handles and indexes the old products for search', async () => {
      const handles = await database.db
        .selectFrom('products')
        .select(['id', 'handle'])
        .orderBy('id')
        .execute();
      expect(handles.map((h) => h.handle)).toEqual(['cafe-mug', 'cafe-mug-2']);
      const matches = await database.db
        .selectFrom(database.productSearch.matches(['ebook']).as('m'))
        .select('m.product_id')
        .execute();
      expect(matches.map((m) => m.product_id)).toEqual([UNTRACKED]);
    });

    it('the migrated product reads as a product of today, its old fields intact', async () => {
      const store = createCatalogStore({
        db: database.db,
        cache: createMemoryCache(),
        clock: { now: () => new Date() },
        search: database.productSearch,
        mediaOf: mediaOfProducts,
      });
      const product = ProductSchema.parse(await store.load(database.db, PRODUCT));
      expect(product).toMatchObject({
        sku: 'OLD-MUG',
        price: 1250,
        currency: 'EUR',
        stock: 7,
        handle: 'cafe-mug',
      });
    });
  });
}
