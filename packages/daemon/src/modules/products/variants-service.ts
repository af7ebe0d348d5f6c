import type {
  CreateVariantRequestSchema,
  EventType,
  ListVariantsQuerySchema,
  Product,
  ProductOption,
  StockAdjustment,
  StockAdjustmentRequestSchema,
  UpdateVariantRequestSchema,
  Variant,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { describePrincipal, type Principal } from '../../core/principal.js';
import type { CommitHook, Executor } from '../../db/database-types.js';
import { newId } from '../../infra/ids.js';
import type { Outbox } from '../events/outbox.js';
import type { CatalogStore } from './catalog-store.js';
import { combinationKey, optionsMismatch, variantTitle } from './product-options.js';
import { toStockAdjustment } from './products-repository.js';
import { toVariant, variantsRepository } from './variants-repository.js';

type NewVariant = z.output<typeof CreateVariantRequestSchema>;

/** Whether any order line names a variant: the orders module answers, since it owns order lines. */
export type VariantReferencedByOrders = (trx: Executor, variantId: string) => Promise<boolean>;

/** Variants: their own SKU, prices, stock, weight and tax category; archived rather than deleted once sold. */
export function createVariantsService(deps: {
  store: CatalogStore;
  outbox: Outbox;
  referencedByOrders: VariantReferencedByOrders;
}) {
  const { store } = deps;

  async function mustFind(trx: Executor, id: string) {
    const row = await variantsRepository(trx).findById(id);
    if (!row) throw new AppError('not_found', { detail: `No variant ${id}.` });
    return row;
  }

  async function loadVariant(trx: Executor, id: string): Promise<Variant> {
    const row = await mustFind(trx, id);
    return toVariant(row, await variantsRepository(trx).pricesOf([id]));
  }

  /** The option values must fit the product's options and differ from every other active variant's. */
  function checkOptions(product: Product, values: Record<string, string>, exceptId?: string) {
    const mismatch = optionsMismatch(product.options, values);
    if (mismatch) {
      throw new AppError('options_invalid', { errors: [{ path: 'body.options', message: mismatch }] });
    }
    const key = combinationKey(product.options, values);
    const twin = product.variants.find(
      (v) => v.active && v.id !== exceptId && combinationKey(product.options, v.options) === key,
    );
    if (twin) {
      throw new AppError('options_invalid', {
        errors: [{ path: 'body.options', message: `variant ${twin.sku} already has these options` }],
      });
    }
  }

  async function event(trx: Executor, type: EventType, variant: Variant, at: string, extra: object = {}) {
    await deps.outbox.append(
      trx,
      { type, subjectId: variant.id, ownerId: null, data: { ...variant, ...extra } },
      at,
    );
  }

  const service = {
    /** 409 `sku_taken` before any work when a SKU is already used. */
    async assertSkusFree(skus: string[]) {
      for (const sku of skus) {
        if (await variantsRepository(store.db).findBySku(sku)) {
          throw new AppError('sku_taken', { detail: `Another variant has the SKU ${sku}. Choose another.` });
        }
      }
    },

    /** Runs `work`; a unique violation caused by a SKU that another request took meanwhile becomes `sku_taken`. */
    async guardSkuRace<T>(list: Array<{ sku: string }>, work: () => Promise<T>): Promise<T> {
      try {
        return await work();
      } catch (error) {
        if (error instanceof AppError) throw error;
        for (const { sku } of list) {
          if (await variantsRepository(store.db).findBySku(sku))
            throw new AppError('sku_taken', { cause: error });
        }
        throw error;
      }
    },

    async insertVariant(
      trx: Executor,
      args: {
        productId: string;
        options: ProductOption[];
        variant: NewVariant;
        position: number;
        at: string;
      },
    ): Promise<Variant> {
      const { variant, at } = args;
      const row = {
        id: newId('variant'),
        product_id: args.productId,
        sku: variant.sku,
        title: variant.title ?? variantTitle(args.options, variant.options),
        options: JSON.stringify(variant.options),
        stock: variant.stock,
        grams: variant.grams,
        tax_category: variant.taxCategory,
        active: 1,
        position: args.position,
        created_at: at,
        updated_at: at,
      };
      await variantsRepository(trx).insert(row, variant.prices);
      const created = await loadVariant(trx, row.id);
      await event(trx, 'variant.created', created, at);
      return created;
    },

    async list(principal: Principal, productId: string, query: z.output<typeof ListVariantsQuerySchema>) {
      const product = await store.cached(productId);
      if (!product.active && principal.role !== 'admin') {
        throw new AppError('not_found', { detail: `No product ${productId}.` });
      }
      const active = principal.role === 'admin' ? query.active : true;
      const all = product.variants.filter((v) => active === undefined || v.active === active);
      const start = query.starting_after ? all.findIndex((v) => v.id === query.starting_after) + 1 : 0;
      const page = all.slice(start, start + query.limit);
      return { object: 'list' as const, data: page, has_more: start + query.limit < all.length };
    },

    async get(principal: Principal, id: string): Promise<Variant> {
      const variant = await loadVariant(store.db, id);
      if (principal.role !== 'admin') {
        const product = await store.cached(variant.productId);
        if (!product.active || !variant.active)
          throw new AppError('not_found', { detail: `No variant ${id}.` });
      }
      return variant;
    },

    async create(productId: string, input: NewVariant, onCommit?: CommitHook): Promise<Variant> {
      await service.assertSkusFree([input.sku]);
      return service.guardSkuRace([input], () =>
        store.write(async (trx, at, touched) => {
          const product = await store.load(trx, productId);
          checkOptions(product, input.options);
          const position = await variantsRepository(trx).nextPosition(productId);
          touched.add(productId);
          return service.insertVariant(trx, {
            productId,
            options: product.options,
            variant: input,
            position,
            at,
          });
        }, onCommit),
      );
    },

    async update(id: string, input: z.output<typeof UpdateVariantRequestSchema>): Promise<Variant> {
      if (input.sku !== undefined) {
        const holder = await variantsRepository(store.db).findBySku(input.sku);
        if (holder && holder.id !== id) throw new AppError('sku_taken');
      }
      return service.guardSkuRace(input.sku ? [{ sku: input.sku }] : [], () =>
        store.write(async (trx, at, touched) => {
          const before = await loadVariant(trx, id);
          const product = await store.load(trx, before.productId);
          const options = input.options ?? before.options;
          if (input.options !== undefined || (input.active === true && !before.active)) {
            checkOptions(product, options, id);
          }
          const repo = variantsRepository(trx);
          await repo.update(id, {
            ...(input.sku === undefined ? {} : { sku: input.sku }),
            ...(input.options === undefined ? {} : { options: JSON.stringify(input.options) }),
            ...(input.title !== undefined
              ? { title: input.title }
              : input.options !== undefined
                ? { title: variantTitle(product.options, input.options) }
                : {}),
            ...(input.grams === undefined ? {} : { grams: input.grams }),
            ...(input.taxCategory === undefined ? {} : { tax_category: input.taxCategory }),
            ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }),
            updated_at: at,
          });
          if (input.prices !== undefined) await repo.replacePrices(id, input.prices);
          touched.add(before.productId);
          const after = await loadVariant(trx, id);
          await event(trx, input.active === false ? 'variant.archived' : 'variant.updated', after, at);
          return after;
        }),
      );
    },

    /**
     * Deletes a variant that nothing refers to; archives one that orders or stock adjustments name (they keep it),
     * and the last variant of a product (a product always has one). Returns the variant with `active: false`.
     */
    async remove(id: string): Promise<Variant> {
      return store.write(async (trx, at, touched) => {
        const before = await loadVariant(trx, id);
        const product = await store.load(trx, before.productId);
        const repo = variantsRepository(trx);
        const keep =
          product.variants.length === 1 ||
          (await repo.hasAdjustments(id)) ||
          (await deps.referencedByOrders(trx, id));
        touched.add(before.productId);
        if (keep) {
          await repo.update(id, { active: 0, updated_at: at });
        } else {
          await repo.remove(id);
        }
        const archived = { ...before, active: false, updatedAt: at };
        await event(trx, 'variant.archived', archived, at, { deleted: !keep });
        return archived;
      });
    },

    async adjustStock(
      principal: Principal,
      id: string,
      input: z.output<typeof StockAdjustmentRequestSchema>,
      onCommit?: CommitHook,
      eventType: EventType = 'variant.stock_adjusted',
    ): Promise<StockAdjustment> {
      return store.write(async (trx, at, touched) => {
        const before = await mustFind(trx, id);
        if (before.stock === null) {
          throw new AppError('invalid_transition', { detail: `Variant ${before.sku} does not track stock.` });
        }
        const repo = variantsRepository(trx);
        if (!(await repo.changeStock(id, input.delta, at))) {
          throw new AppError('out_of_stock', {
            detail: `Stock is ${before.stock}; removing ${-input.delta} would make it negative.`,
          });
        }
        const after = await loadVariant(trx, id);
        const row = {
          id: newId('stockAdjustment'),
          product_id: before.product_id,
          variant_id: id,
          delta: input.delta,
          reason: input.reason,
          stock_after: after.stock ?? 0,
          actor: describePrincipal(principal),
          created_at: at,
        };
        await store.products(trx).insertAdjustment(row);
        const adjustment = toStockAdjustment(row);
        touched.add(before.product_id);
        const subject =
          eventType === 'product.stock_adjusted' ? await store.load(trx, before.product_id) : after;
        await deps.outbox.append(
          trx,
          { type: eventType, subjectId: subject.id, ownerId: null, data: { ...subject, adjustment } },
          at,
        );
        return adjustment;
      }, onCommit);
    },
  };
  return service;
}

export type VariantsService = ReturnType<typeof createVariantsService>;
