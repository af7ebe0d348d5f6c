import type { Media, Product, ProductOption, StockAdjustment } from '@tillpoint/sdk/schemas';
import { type Selectable, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import {
  type Executor,
  isTrue,
  type ProductsTable,
  type StockAdjustmentsTable,
  type Tables,
} from '../../db/database-types.js';
import type { ProductSearchIndex } from '../../db/search/product-search-index.js';
import { toVariant, type VariantPriceRow, type VariantRow } from './variants-repository.js';

export type ProductRow = Selectable<ProductsTable>;

/** A one-column subquery of product IDs. */
// biome-ignore lint/suspicious/noExplicitAny: the subquery's own tables do not matter to the filter
export type MemberIds = SelectQueryBuilder<Tables, any, { product_id: string }>;

/** The retired product columns' neutral values (see `ProductsTable`). */
export const RETIRED_PRODUCT_COLUMNS = { price: 0, currency: 'XXX', stock: null } as const;

/**
 * A product with its variants and media. The top-level `sku`, `price`, `currency` and `stock` are the default variant's: the
 * first active one, or the first one when all are archived.
 */
export function toProduct(
  row: ProductRow,
  variantRows: VariantRow[],
  prices: VariantPriceRow[],
  media: Media[],
): Product {
  const variants = variantRows.filter((v) => v.product_id === row.id).map((v) => toVariant(v, prices));
  const main = variants.find((v) => v.active) ?? variants[0];
  const price = main?.prices[0];
  return {
    id: row.id,
    object: 'product',
    handle: row.handle,
    sku: main?.sku ?? '',
    name: row.name,
    description: row.description,
    price: price?.amount ?? 0,
    currency: price?.currency ?? 'XXX',
    active: isTrue(row.active),
    stock: main?.stock ?? null,
    options: JSON.parse(row.options) as ProductOption[],
    variants,
    media,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toStockAdjustment(row: Selectable<StockAdjustmentsTable>): StockAdjustment {
  return {
    id: row.id,
    object: 'stock_adjustment',
    productId: row.product_id,
    variantId: row.variant_id ?? `var_${row.product_id.slice(4)}`,
    delta: row.delta,
    reason: row.reason,
    stockAfter: row.stock_after,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

export interface ProductFilters {
  /** Words to find (folded); ranked results when present. */
  terms?: string[] | undefined;
  currency?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStock?: boolean | undefined;
  active?: boolean | undefined;
  /** A subquery of product IDs to keep (a collection's members). */
  memberOf?: MemberIds | undefined;
  limit: number;
  startingAfter?: string | undefined;
}

/** The `products` table and its search document, owned by the products module. */
export function productsRepository(db: Executor, search: ProductSearchIndex) {
  return {
    findById: (id: string) => db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst(),
    findMany: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('products').selectAll().where('id', 'in', ids).execute(),
    findByHandle: (handle: string) =>
      db.selectFrom('products').selectAll().where('handle', '=', handle).executeTakeFirst(),

    async handleTaken(handle: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('products').select('id').where('handle', '=', handle);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /**
     * One page of products. Without terms: by ID (the cursor). With terms: by relevance, then ID; the cursor is the
     * last product's ID, whose rank the query recomputes, so pages never repeat or skip a product.
     */
    async list(filters: ProductFilters) {
      const ranked = filters.terms !== undefined && filters.terms.length > 0;
      let query = db.selectFrom('products').selectAll('products');
      if (ranked) {
        query = query
          .innerJoin(search.matches(filters.terms!).as('m'), 'm.product_id', 'products.id')
          .select('m.rank');
      }
      if (filters.active !== undefined) query = query.where('products.active', '=', filters.active ? 1 : 0);
      if (filters.memberOf) query = query.where('products.id', 'in', filters.memberOf);
      if (filters.currency || filters.inStock) {
        query = query.where((eb) => {
          let variants = eb
            .selectFrom('variants')
            .select('variants.id')
            .whereRef('variants.product_id', '=', 'products.id')
            .where('variants.active', '=', 1);
          if (filters.inStock) {
            variants = variants.where((v) =>
              v.or([v('variants.stock', 'is', null), v('variants.stock', '>', 0)]),
            );
          }
          if (filters.currency) {
            const { currency, minPrice, maxPrice } = filters;
            variants = variants.where((v) => {
              let prices = v
                .selectFrom('variant_prices')
                .select('variant_prices.variant_id')
                .whereRef('variant_prices.variant_id', '=', 'variants.id')
                .where('variant_prices.currency', '=', currency);
              if (minPrice !== undefined) prices = prices.where('variant_prices.amount', '>=', minPrice);
              if (maxPrice !== undefined) prices = prices.where('variant_prices.amount', '<=', maxPrice);
              return v.exists(prices);
            });
          }
          return eb.exists(variants);
        });
      }
      if (filters.startingAfter) {
        const after = filters.startingAfter;
        query = ranked
          ? query.where(
              sql<SqlBool>`(m.rank, products.id) > (SELECT a.rank, a.product_id FROM ${search.matches(filters.terms!)} AS a WHERE a.product_id = ${after})`,
            )
          : query.where('products.id', '>', after);
      }
      if (ranked) query = query.orderBy(sql`m.rank`);
      const rows = (await query
        .orderBy('products.id')
        .limit(filters.limit + 1)
        .execute()) as ProductRow[];
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    async insert(row: ProductRow): Promise<void> {
      await db.insertInto('products').values(row).execute();
    },

    async update(id: string, changes: Partial<Omit<ProductRow, 'id'>>): Promise<void> {
      await db.updateTable('products').set(changes).where('id', '=', id).execute();
    },

    writeSearchDocument: (productId: string, foldedText: string) => search.write(db, productId, foldedText),
    clearSearch: () => search.clear(db),

    /** Product IDs after `after`, for rebuilding the search index in batches. */
    async idsAfter(after: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('products')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async insertAdjustment(row: Selectable<StockAdjustmentsTable>): Promise<void> {
      await db.insertInto('stock_adjustments').values(row).execute();
    },
  };
}
