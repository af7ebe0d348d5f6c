import type {
  CreateProductRequestSchema,
  ListProductsQuerySchema,
  Product,
  ProductImportRowSchema,
  StockAdjustment,
  StockAdjustmentRequestSchema,
  UpdateProductRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import type { CommitHook, Database } from '../../db/database-types.js';
import { describePrincipal, type Principal } from '../../http/auth/principal.js';
import { AppError } from '../../http/errors/app-error.js';
import type { Cache } from '../../infra/cache/cache.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { Outbox } from '../events/outbox.js';
import { productsRepository, toProduct, toStockAdjustment } from './products-repository.js';

const CACHE_TTL_MS = 60_000;

/** The cache key of a product. Anything that changes a product row (orders reserving stock too) deletes it. */
export const productCacheKey = (id: string) => `product:${id}`;
const cacheKey = productCacheKey;

export function createProductsService(deps: { db: Database; cache: Cache; clock: Clock; outbox: Outbox }) {
  const { db, cache, clock } = deps;

  /**
   * Every write goes through here: change, event, idempotency record (`onCommit`) in one
   * transaction, then cache invalidation.
   */
  async function write<T>(
    id: string,
    work: (trx: Database, at: string) => Promise<T>,
    onCommit?: CommitHook,
  ): Promise<T> {
    const at = clock.now().toISOString();
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx, at);
      await onCommit?.(trx, value);
      return value;
    });
    await cache.delete(cacheKey(id));
    return result;
  }

  async function mustFind(trx: Database, id: string) {
    const row = await productsRepository(trx).findById(id);
    if (!row) throw new AppError('not_found', { detail: `No product ${id}.` });
    return row;
  }

  const service = {
    /** Through the cache; non-admins never see inactive products. */
    async get(principal: Principal, id: string): Promise<Product> {
      let product = await cache.get<Product>(cacheKey(id));
      if (!product) {
        product = toProduct(await mustFind(db, id));
        await cache.set(cacheKey(id), product, CACHE_TTL_MS);
      }
      if (!product.active && principal.role !== 'admin')
        throw new AppError('not_found', { detail: `No product ${id}.` });
      return product;
    },

    async list(principal: Principal, query: z.output<typeof ListProductsQuerySchema>) {
      const { rows, hasMore } = await productsRepository(db).list({
        currency: query.currency,
        q: query.q,
        active: principal.role === 'admin' ? query.active : true,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toProduct), has_more: hasMore };
    },

    async create(
      input: z.output<typeof CreateProductRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<Product> {
      if (await productsRepository(db).findBySku(input.sku)) throw new AppError('sku_taken');
      const id = newId('product');
      try {
        return await write(
          id,
          async (trx, at) => {
            const row = {
              id,
              sku: input.sku,
              name: input.name,
              description: input.description ?? null,
              price: input.price,
              currency: input.currency,
              active: input.active ? 1 : 0,
              stock: input.stock,
              metadata: JSON.stringify(input.metadata),
              created_at: at,
              updated_at: at,
            };
            await productsRepository(trx).insert(row);
            const product = toProduct(row);
            await deps.outbox.append(
              trx,
              { type: 'product.created', subjectId: id, ownerId: null, data: product },
              at,
            );
            return product;
          },
          onCommit,
        );
      } catch (error) {
        // Lost a race for the SKU: the unique index decided.
        if (await productsRepository(db).findBySku(input.sku))
          throw new AppError('sku_taken', { cause: error });
        throw error;
      }
    },

    async update(id: string, input: z.output<typeof UpdateProductRequestSchema>): Promise<Product> {
      return write(id, async (trx, at) => {
        await mustFind(trx, id);
        const changes = {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.price === undefined ? {} : { price: input.price }),
          ...(input.currency === undefined ? {} : { currency: input.currency }),
          ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }),
          ...(input.metadata === undefined ? {} : { metadata: JSON.stringify(input.metadata) }),
          updated_at: at,
        };
        await productsRepository(trx).update(id, changes);
        const product = toProduct(await mustFind(trx, id));
        const type = input.active === false ? 'product.archived' : 'product.updated';
        await deps.outbox.append(trx, { type, subjectId: id, ownerId: null, data: product }, at);
        return product;
      });
    },

    /**
     * Import semantics: creates the SKU, or updates it if it exists (stock is only set on create).
     * A create that loses a race for the SKU becomes an update.
     */
    async upsertBySku(row: z.output<typeof ProductImportRowSchema>): Promise<'created' | 'updated'> {
      const fields = {
        name: row.name,
        ...(row.description === undefined ? {} : { description: row.description }),
        price: row.price,
        currency: row.currency,
        ...(row.active === undefined ? {} : { active: row.active }),
      };
      const existing = await productsRepository(db).findBySku(row.sku);
      if (existing) {
        await service.update(existing.id, fields);
        return 'updated';
      }
      try {
        await service.create({
          sku: row.sku,
          active: true,
          metadata: {},
          stock: row.stock ?? null,
          ...fields,
        });
        return 'created';
      } catch (error) {
        const raced = error instanceof AppError && error.code === 'sku_taken';
        const winner = raced ? await productsRepository(db).findBySku(row.sku) : undefined;
        if (!winner) throw error;
        await service.update(winner.id, fields);
        return 'updated';
      }
    },

    /** Archiving hides a product from the catalog and new orders; existing orders keep it. */
    archive(id: string): Promise<Product> {
      return this.update(id, { active: false });
    },

    async adjustStock(
      principal: Principal,
      id: string,
      input: z.output<typeof StockAdjustmentRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<StockAdjustment> {
      return write(
        id,
        async (trx, at) => {
          const before = await mustFind(trx, id);
          if (before.stock === null) {
            throw new AppError('invalid_transition', { detail: 'This product does not track stock.' });
          }
          if (!(await productsRepository(trx).changeStock(id, input.delta, at))) {
            throw new AppError('out_of_stock', {
              detail: `Stock is ${before.stock}; removing ${-input.delta} would make it negative.`,
            });
          }
          const after = await mustFind(trx, id);
          const row = {
            id: newId('stockAdjustment'),
            product_id: id,
            delta: input.delta,
            reason: input.reason,
            stock_after: after.stock ?? 0,
            actor: describePrincipal(principal),
            created_at: at,
          };
          await productsRepository(trx).insertAdjustment(row);
          const adjustment = toStockAdjustment(row);
          await deps.outbox.append(
            trx,
            {
              type: 'product.stock_adjusted',
              subjectId: id,
              ownerId: null,
              data: { ...toProduct(after), adjustment },
            },
            at,
          );
          return adjustment;
        },
        onCommit,
      );
    },
  };
  return service;
}

export type ProductsService = ReturnType<typeof createProductsService>;
