import type { Price, Variant } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import {
  type Executor,
  isTrue,
  type VariantPricesTable,
  type VariantsTable,
} from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

export type VariantRow = Selectable<VariantsTable>;
export type VariantPriceRow = Selectable<VariantPricesTable>;

/** A tracked variant's stock moved by `delta` unless that would take it below zero (every order line runs it). */
const changeStock = preparedQuery<{ id: string; delta: number; at: string }>((db, param) =>
  db
    .updateTable('variants')
    .set((eb) => ({ stock: eb('stock', '+', param('delta')), updated_at: param('at') }))
    .where('id', '=', param('id'))
    .where('stock', 'is not', null)
    .where((eb) => eb(eb('stock', '+', param('delta')), '>=', 0)),
);

const VARIANT_COLUMNS = columnsOf<VariantRow>({
  id: true,
  product_id: true,
  sku: true,
  title: true,
  options: true,
  stock: true,
  grams: true,
  tax_category: true,
  active: true,
  position: true,
  created_at: true,
  updated_at: true,
});

const PRICE_COLUMNS = columnsOf<VariantPriceRow>({
  variant_id: true,
  currency: true,
  amount: true,
  position: true,
});

/** Every variant of the products, in each product's variant order (every product page and list reads it). */
const variantsOfProducts = preparedQuery<{ productIds: readonly string[] }, VariantRow>((db, _param, list) =>
  db
    .selectFrom('variants')
    .select(VARIANT_COLUMNS)
    .where('product_id', 'in', list('productIds'))
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('id'),
);

const pricesOfVariants = preparedQuery<{ variantIds: readonly string[] }, VariantPriceRow>(
  (db, _param, list) =>
    db.selectFrom('variant_prices').select(PRICE_COLUMNS).where('variant_id', 'in', list('variantIds')),
);

/** Variants by any of their IDs, SKUs or products (empty lists match nothing; at least one is not empty). */
const variantsByRefs = preparedQuery<{ ids: string[]; skus: string[]; productIds: string[] }, VariantRow>(
  (db, _param, list) => {
    const ids = list('ids');
    const skus = list('skus');
    const productIds = list('productIds');
    return db
      .selectFrom('variants')
      .select(VARIANT_COLUMNS)
      .where((eb) =>
        eb.or([
          ...(ids.length ? [eb('id', 'in', ids)] : []),
          ...(skus.length ? [eb('sku', 'in', skus)] : []),
          ...(productIds.length ? [eb('product_id', 'in', productIds)] : []),
        ]),
      )
      .orderBy('position')
      .orderBy('id');
  },
);

/** What cart pricing reads of a variant: see `forPricing`. */
export interface PricingRow {
  id: string;
  product_id: string;
  sku: string;
  title: string;
  active: VariantRow['active'];
  stock: number | null;
  grams: number | null;
  tax_category: string | null;
  product_name: string;
  product_options: string;
  product_active: VariantRow['active'];
  amount: VariantPriceRow['amount'] | null;
}

const variantsForPricing = preparedQuery<{ ids: readonly string[]; currency: string }, PricingRow>(
  (db, param, list) =>
    db
      .selectFrom('variants')
      .innerJoin('products', 'products.id', 'variants.product_id')
      .leftJoin('variant_prices', (join) =>
        join
          .onRef('variant_prices.variant_id', '=', 'variants.id')
          .on('variant_prices.currency', '=', param('currency')),
      )
      .select([
        'variants.id',
        'variants.product_id',
        'variants.sku',
        'variants.title',
        'variants.active',
        'variants.stock',
        'variants.grams',
        'variants.tax_category',
        'products.name as product_name',
        'products.options as product_options',
        'products.active as product_active',
        'variant_prices.amount',
      ])
      .where('variants.id', 'in', list('ids')),
);

export function toVariant(row: VariantRow, prices: VariantPriceRow[]): Variant {
  return {
    id: row.id,
    object: 'variant',
    productId: row.product_id,
    sku: row.sku,
    title: row.title,
    options: JSON.parse(row.options) as Record<string, string>,
    prices: prices
      .filter((price) => price.variant_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((price) => ({ currency: price.currency, amount: price.amount })),
    stock: row.stock,
    grams: row.grams,
    taxCategory: row.tax_category,
    active: isTrue(row.active),
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Variants and their prices (tables `variants`, `variant_prices`), owned by the products module. */
export function variantsRepository(db: Executor) {
  return {
    findById: (id: string) => db.selectFrom('variants').selectAll().where('id', '=', id).executeTakeFirst(),
    findBySku: (sku: string) =>
      db.selectFrom('variants').selectAll().where('sku', '=', sku).executeTakeFirst(),

    async findMany(by: { ids: string[]; skus: string[]; productIds: string[] }): Promise<VariantRow[]> {
      if (by.ids.length + by.skus.length + by.productIds.length === 0) return [];
      return (await variantsByRefs.execute(db, by)).rows;
    },

    /** Every variant of the products, in each product's variant order. */
    async ofProducts(productIds: string[]): Promise<VariantRow[]> {
      if (productIds.length === 0) return [];
      return (await variantsOfProducts.execute(db, { productIds })).rows;
    },

    /**
     * For cart pricing, in one query: each variant with its product's name, options and state, and its price in
     * `currency` (null when it has none).
     */
    async forPricing(variantIds: readonly string[], currency: string): Promise<PricingRow[]> {
      if (variantIds.length === 0) return [];
      return (await variantsForPricing.execute(db, { ids: variantIds, currency })).rows;
    },

    async pricesOf(variantIds: string[]): Promise<VariantPriceRow[]> {
      if (variantIds.length === 0) return [];
      return (await pricesOfVariants.execute(db, { variantIds })).rows;
    },

    async nextPosition(productId: string): Promise<number> {
      const row = await db
        .selectFrom('variants')
        .select((eb) => eb.fn.max('position').as('top'))
        .where('product_id', '=', productId)
        .executeTakeFirst();
      return row?.top === null || row?.top === undefined ? 0 : Number(row.top) + 1;
    },

    async insert(row: VariantRow, prices: Price[]): Promise<void> {
      await db.insertInto('variants').values(row).execute();
      await this.replacePrices(row.id, prices);
    },

    async update(
      id: string,
      changes: Partial<Omit<VariantRow, 'id' | 'product_id' | 'stock'>>,
    ): Promise<void> {
      await db.updateTable('variants').set(changes).where('id', '=', id).execute();
    },

    async replacePrices(variantId: string, prices: Price[]): Promise<void> {
      await db.deleteFrom('variant_prices').where('variant_id', '=', variantId).execute();
      if (prices.length === 0) return;
      await db
        .insertInto('variant_prices')
        .values(
          prices.map((price, position) => ({
            variant_id: variantId,
            currency: price.currency,
            amount: price.amount,
            position,
          })),
        )
        .execute();
    },

    async remove(id: string): Promise<void> {
      await db.deleteFrom('variant_prices').where('variant_id', '=', id).execute();
      await db.deleteFrom('variants').where('id', '=', id).execute();
    },

    async hasAdjustments(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('stock_adjustments')
        .select('id')
        .where('variant_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Adds `delta` to tracked stock unless that would go below zero. The condition is the guard against overselling:
     * concurrent reservations cannot both take the last unit.
     * @returns whether the change was applied.
     */
    async changeStock(id: string, delta: number, at: string): Promise<boolean> {
      const result = await changeStock.execute(db, { id, delta, at });
      return Number(result.numAffectedRows) === 1;
    },
  };
}
