import type { Media, Product, ProductOption, StockAdjustment } from '@tillpoint/sdk/schemas';
import { type Selectable, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import {
  type Executor,
  isTrue,
  type ProductsTable,
  type StockAdjustmentsTable,
  type Tables,
} from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';
import type { ProductSearchIndex } from '../../db/search/product-search-index.js';
import { toVariant, type VariantPriceRow, type VariantRow } from './variants-repository.js';

export type ProductRow = Selectable<ProductsTable>;

const PRODUCT_COLUMNS = columnsOf<ProductRow>({
  id: true,
  handle: true,
  sku: true,
  price: true,
  currency: true,
  stock: true,
  name: true,
  description: true,
  active: true,
  options: true,
  metadata: true,
  created_at: true,
  updated_at: true,
});

/** Products by ID (every order placement reads the products of its lines). */
const productsByIds = preparedQuery<{ ids: readonly string[] }, ProductRow>((db, _param, list) =>
  db.selectFrom('products').select(PRODUCT_COLUMNS).where('id', 'in', list('ids')),
);

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

/** The most search matches read from the index in one round when filters keep few of them. */
const MAX_SEARCH_WINDOW = 5_000;

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
  /** The filters other than the words: active flag, collection, prices in a currency, stock. */
  function withFilters<Q extends SelectQueryBuilder<Tables, 'products', object>>(
    query: Q,
    filters: ProductFilters,
  ): Q {
    let filtered = query;
    if (filters.active !== undefined) {
      filtered = filtered.where('products.active', '=', filters.active ? 1 : 0) as Q;
    }
    if (filters.memberOf) filtered = filtered.where('products.id', 'in', filters.memberOf) as Q;
    if (filters.currency) {
      const { currency, minPrice, maxPrice } = filters;
      filtered = filtered.where((eb) =>
        eb.exists(
          eb
            .selectFrom('variants')
            .innerJoin('variant_prices', 'variant_prices.variant_id', 'variants.id')
            .select('variants.id')
            .whereRef('variants.product_id', '=', 'products.id')
            .where('variants.active', '=', 1)
            .where('variant_prices.currency', '=', currency)
            .$if(minPrice !== undefined, (q) => q.where('variant_prices.amount', '>=', minPrice!))
            .$if(maxPrice !== undefined, (q) => q.where('variant_prices.amount', '<=', maxPrice!)),
        ),
      ) as Q;
    }
    if (filters.inStock !== undefined) {
      const inStock = filters.inStock;
      filtered = filtered.where((eb) => {
        const sellable = eb.exists(
          eb
            .selectFrom('variants')
            .select('variants.id')
            .whereRef('variants.product_id', '=', 'products.id')
            .where('variants.active', '=', 1)
            .where((v) => v.or([v('variants.stock', 'is', null), v('variants.stock', '>', 0)])),
        );
        return inStock ? sellable : eb.not(sellable);
      }) as Q;
    }
    return filtered;
  }

  /**
   * A page ranked by relevance, then ID. Matches are read from the index in rank order, a window at a time, and only
   * those are checked against the filters: a common word costs one ranking pass over its matches in the index, never
   * a join of every match with the catalog. The cursor is the last product's ID, whose rank is read again, so pages
   * never repeat or skip a product.
   */
  async function rankedPage(terms: string[], filters: ProductFilters) {
    const want = filters.limit + 1;
    const matches = () => db.selectFrom(search.matches(terms).as('m')).select(['m.product_id', 'm.rank']);
    let after: { product_id: string; rank: number } | undefined;
    if (filters.startingAfter) {
      after = await matches().where('m.product_id', '=', filters.startingAfter).executeTakeFirst();
      if (!after) return { rows: [], hasMore: false };
    }
    const found: ProductRow[] = [];
    for (let window = Math.max(want * 2, 50); ; window = Math.min(window * 4, MAX_SEARCH_WINDOW)) {
      const from = after;
      const candidates = await matches()
        .$if(from !== undefined, (q) =>
          q.where(sql<SqlBool>`(m.rank, m.product_id) > (${from!.rank}, ${from!.product_id})`),
        )
        .orderBy(sql`m.rank`)
        .orderBy('m.product_id')
        .limit(window)
        .execute();
      if (candidates.length === 0) break;
      const rows = await withFilters(db.selectFrom('products').selectAll('products'), filters)
        .where(
          'products.id',
          'in',
          candidates.map((c) => c.product_id),
        )
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const candidate of candidates) {
        const row = byId.get(candidate.product_id);
        if (row) found.push(row);
        if (found.length === want) break;
      }
      if (found.length >= want || candidates.length < window) break;
      after = candidates.at(-1);
    }
    return { rows: found.slice(0, filters.limit), hasMore: found.length > filters.limit };
  }

  return {
    findById: (id: string) => db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst(),
    findMany: async (ids: string[]): Promise<ProductRow[]> =>
      ids.length === 0 ? [] : (await productsByIds.execute(db, { ids })).rows,
    findByHandle: (handle: string) =>
      db.selectFrom('products').selectAll().where('handle', '=', handle).executeTakeFirst(),

    async handleTaken(handle: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('products').select('id').where('handle', '=', handle);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /**
     * One page of products. Without terms: by ID (the cursor). With terms: by relevance, then ID (see `rankedPage`).
     */
    async list(filters: ProductFilters) {
      if (filters.terms !== undefined && filters.terms.length > 0) return rankedPage(filters.terms, filters);
      let query = withFilters(db.selectFrom('products').selectAll('products'), filters);
      if (filters.startingAfter) query = query.where('products.id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('products.id')
        .limit(filters.limit + 1)
        .execute();
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
