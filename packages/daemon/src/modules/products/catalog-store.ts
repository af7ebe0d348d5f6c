import type { Media, Product } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import { type CommitHook, type Database, type Executor, isTrue } from '../../db/database-types.js';
import type { ProductSearchIndex } from '../../db/search/product-search-index.js';
import { foldSearchText } from '../../db/search/search-text.js';
import type { Cache } from '../../infra/cache/cache.js';
import type { Clock } from '../../infra/clock.js';
import { type ProductRow, productsRepository, toProduct } from './products-repository.js';
import { variantsRepository } from './variants-repository.js';

const CACHE_TTL_MS = 60_000;

/**
 * The cache key of a product (with its variants and media). Anything that changes the product, a variant or its
 * media deletes it.
 */
export const productCacheKey = (id: string) => `product:${id}`;

export interface CatalogDeps {
  db: Database;
  cache: Cache;
  clock: Clock;
  search: ProductSearchIndex;
  /** The media module's lookup of products' images (`mediaOfProducts`): products never read its table. */
  mediaOf: (db: Executor, productIds: string[]) => Promise<Map<string, Media[]>>;
}

/**
 * What the product and variant services share: loading a whole product, the write transaction (change, event,
 * idempotency record and search document commit together; cached copies go after the commit), and the search
 * document.
 */
export function createCatalogStore(deps: CatalogDeps) {
  const { db, cache, clock, search } = deps;
  const products = (trx: Executor) => productsRepository(trx, search);

  async function mustFindRow(trx: Executor, id: string): Promise<ProductRow> {
    const row = await products(trx).findById(id);
    if (!row) throw new AppError('not_found', { detail: `No product ${id}.` });
    return row;
  }

  /** Products with their variants and prices, in the order of `rows`. */
  async function assemble(trx: Executor, rows: ProductRow[]): Promise<Product[]> {
    const variants = variantsRepository(trx);
    const variantRows = await variants.ofProducts(rows.map((row) => row.id));
    const prices = await variants.pricesOf(variantRows.map((v) => v.id));
    const media = await deps.mediaOf(
      trx,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toProduct(row, variantRows, prices, media.get(row.id) ?? []));
  }

  /**
   * The products of a page in the order of `rows`, each from the cache when its copy is as new as its row (the
   * list query just read it), the others assembled together and cached: a warm catalog page is one statement.
   */
  async function assembleCached(trx: Executor, rows: ProductRow[], stamp: number): Promise<Product[]> {
    const copies = await Promise.all(rows.map((row) => cache.get<Product>(productCacheKey(row.id))));
    const stale = rows.filter((row, index) => !isCopyOf(copies[index], row));
    const loaded = new Map((await assemble(trx, stale)).map((product) => [product.id, product]));
    await Promise.all(
      [...loaded.values()].map((product) =>
        cache.set(productCacheKey(product.id), product, CACHE_TTL_MS, stamp),
      ),
    );
    return rows.map((row, index) => loaded.get(row.id) ?? copies[index]!);
  }

  /**
   * Whether a cached copy is as new as the row just read: the same `updated_at`, and the same `active`, whose copy
   * would otherwise make the page answer 404 for a product the page query listed.
   */
  function isCopyOf(copy: Product | undefined, row: ProductRow): copy is Product {
    return copy !== undefined && copy.updatedAt === row.updated_at && copy.active === isTrue(row.active);
  }

  async function load(trx: Executor, id: string): Promise<Product> {
    return (await assemble(trx, [await mustFindRow(trx, id)]))[0]!;
  }

  /** Name, description, and every variant's SKU, title and option values, folded for the index. */
  async function refreshSearch(trx: Executor, productId: string): Promise<void> {
    const product = await load(trx, productId);
    const words = [product.name, product.description ?? ''];
    for (const variant of product.variants) {
      // The "Default" title of a product without options names nothing a shopper would search for.
      const title = product.options.length === 0 && variant.title === 'Default' ? '' : variant.title;
      words.push(variant.sku, title, ...Object.values(variant.options));
    }
    await products(trx).writeSearchDocument(productId, foldSearchText(words.join(' ')));
  }

  return {
    db,
    products,
    mustFindRow,
    assemble,
    assembleCached,
    /** The cache's stamp (`Cache.stamp`): take it before the page query whose rows `assembleCached` assembles. */
    stamp: () => cache.stamp(),
    load,
    refreshSearch,

    /** Through the cache (products are read far more often than they change). */
    async cached(id: string): Promise<Product> {
      let product = await cache.get<Product>(productCacheKey(id));
      if (!product) {
        const stamp = cache.stamp();
        // Its four statements on one connection: one wait for the pool on PostgreSQL.
        product = await db.connection().execute((connection) => load(connection, id));
        await cache.set(productCacheKey(id), product, CACHE_TTL_MS, stamp);
      }
      return product;
    },

    async forget(productIds: Iterable<string>): Promise<void> {
      await Promise.all([...new Set(productIds)].map((id) => cache.delete(productCacheKey(id))));
    },

    /**
     * Runs a catalog change in one transaction with its idempotency record (`onCommit`), refreshes the search
     * documents of the products it touched, then drops their cached copies.
     */
    async write<T>(
      work: (trx: Executor, at: string, touched: Set<string>) => Promise<T>,
      onCommit?: CommitHook,
    ): Promise<T> {
      const at = clock.now().toISOString();
      const touched = new Set<string>();
      const result = await db.transaction().execute(async (trx) => {
        const value = await work(trx, at, touched);
        for (const id of touched) await refreshSearch(trx, id);
        await onCommit?.(trx, value);
        return value;
      });
      await this.forget(touched);
      return result;
    },
  };
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;

/** Product IDs per transaction when the whole index is rebuilt. */
const REBUILD_BATCH = 500;

/**
 * Rebuilds the whole search index from the catalog tables: after `tillpointd import`, which writes rows directly,
 * or to repair it. Returns how many products were indexed.
 */
export async function rebuildProductSearch(store: CatalogStore): Promise<number> {
  await store.products(store.db).clearSearch();
  let after = '';
  let count = 0;
  for (;;) {
    const ids = await store.products(store.db).idsAfter(after, REBUILD_BATCH);
    if (ids.length === 0) return count;
    await store.db.transaction().execute(async (trx) => {
      for (const productId of ids) await store.refreshSearch(trx, productId);
    });
    count += ids.length;
    after = ids.at(-1)!;
  }
}
