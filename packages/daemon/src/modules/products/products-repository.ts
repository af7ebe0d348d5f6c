import type { Product, StockAdjustment } from '@tillpoint/sdk/schemas';
import { type Selectable, sql } from 'kysely';
import {
  type Executor,
  isTrue,
  type ProductsTable,
  type StockAdjustmentsTable,
} from '../../db/database-types.js';

export type ProductRow = Selectable<ProductsTable>;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    object: 'product',
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    active: isTrue(row.active),
    stock: row.stock,
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
    delta: row.delta,
    reason: row.reason,
    stockAfter: row.stock_after,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

export interface ProductFilters {
  currency?: string | undefined;
  q?: string | undefined;
  active?: boolean | undefined;
  limit: number;
  startingAfter?: string | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function productsRepository(db: Executor) {
  return {
    findById: (id: string) => db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst(),
    findBySku: (sku: string) =>
      db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst(),

    findManyByIdsOrSkus(ids: string[], skus: string[]) {
      if (ids.length === 0 && skus.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('products')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(ids.length ? [eb('id', 'in', ids)] : []),
            ...(skus.length ? [eb('sku', 'in', skus)] : []),
          ]),
        )
        .execute();
    },

    async list(filters: ProductFilters) {
      let query = db.selectFrom('products').selectAll();
      if (filters.currency) query = query.where('currency', '=', filters.currency);
      if (filters.active !== undefined) query = query.where('active', '=', filters.active ? 1 : 0);
      if (filters.q) {
        const pattern = likePattern(filters.q);
        // `ESCAPE` is standard SQL: SQLite has no default escape character, PostgreSQL's is the same backslash.
        query = query.where(
          sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(sku) like ${pattern} escape '\\')`,
        );
      }
      if (filters.startingAfter) query = query.where('id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    async insert(row: ProductRow): Promise<void> {
      await db.insertInto('products').values(row).execute();
    },

    async update(id: string, changes: Partial<Omit<ProductRow, 'id' | 'stock'>>): Promise<void> {
      await db.updateTable('products').set(changes).where('id', '=', id).execute();
    },

    /**
     * Adds `delta` to tracked stock unless that would go below zero. The condition is the guard
     * against overselling: concurrent reservations cannot both take the last unit.
     * @returns whether the change was applied.
     */
    async changeStock(id: string, delta: number, at: string): Promise<boolean> {
      const result = await db
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '+', delta), updated_at: at }))
        .where('id', '=', id)
        .where('stock', 'is not', null)
        .where((eb) => eb(eb('stock', '+', delta), '>=', 0))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertAdjustment(row: Selectable<StockAdjustmentsTable>): Promise<void> {
      await db.insertInto('stock_adjustments').values(row).execute();
    },
  };
}
