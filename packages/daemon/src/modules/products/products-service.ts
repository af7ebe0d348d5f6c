import type {
  CreateProductRequestSchema,
  CreateVariantRequestSchema,
  FieldError,
  ListProductsQuerySchema,
  Product,
  ProductImportRowSchema,
  ProductOption,
  StockAdjustment,
  StockAdjustmentRequestSchema,
  UpdateProductRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { CommitHook, Executor } from '../../db/database-types.js';
import { searchTerms } from '../../db/search/search-text.js';
import { mintHandle } from '../../infra/handles.js';
import { newId } from '../../infra/ids.js';
import type { Outbox } from '../events/outbox.js';
import { type CatalogStore, rebuildProductSearch } from './catalog-store.js';
import { combinationKey, optionsMismatch, reshapeValues, variantTitle } from './product-options.js';
import { type MemberIds, RETIRED_PRODUCT_COLUMNS } from './products-repository.js';
import { variantsRepository } from './variants-repository.js';
import type { VariantsService } from './variants-service.js';

type NewVariant = z.output<typeof CreateVariantRequestSchema>;

/** How products find a collection's members without reading the collections module's tables. */
export interface CollectionLookup {
  /** A subquery of the member product IDs, or null when no collection has this ID or handle. */
  membersOf(idOrHandle: string): Promise<MemberIds | null>;
}

/** Products: create (simple or with variants), read, search, update, archive. Variants are `variants-service.ts`. */
export function createProductsService(deps: {
  store: CatalogStore;
  variants: VariantsService;
  collections: CollectionLookup;
  outbox: Outbox;
}) {
  const { store, variants } = deps;

  /** Non-admins never see inactive products, nor archived variants. */
  function visibleTo(principal: Principal, product: Product): Product {
    if (principal.role === 'admin') return product;
    if (!product.active) throw new AppError('not_found', { detail: `No product ${product.id}.` });
    return { ...product, variants: product.variants.filter((v) => v.active) };
  }

  async function freeHandle(trx: Executor, wanted: string | undefined, name: string, exceptId?: string) {
    const repo = store.products(trx);
    if (wanted !== undefined) {
      if (await repo.handleTaken(wanted, exceptId)) throw new AppError('handle_taken');
      return wanted;
    }
    return mintHandle(name, 'product', (handle) => repo.handleTaken(handle, exceptId));
  }

  /** The variants of a new product, checked against its options and each other. */
  function checkNewVariants(options: ProductOption[], list: NewVariant[]) {
    const errors: FieldError[] = [];
    const combinations = new Map<string, number>();
    const skus = new Map<string, number>();
    list.forEach((variant, index) => {
      const mismatch = optionsMismatch(options, variant.options);
      if (mismatch)
        errors.push({ path: `body.variants.${index}.options`, message: mismatch, code: 'options_invalid' });
      const key = combinationKey(options, variant.options);
      if (!mismatch && combinations.has(key)) {
        errors.push({
          path: `body.variants.${index}.options`,
          message: `the same options as variants.${combinations.get(key)}`,
          code: 'options_invalid',
        });
      }
      combinations.set(key, index);
      if (skus.has(variant.sku)) {
        errors.push({
          path: `body.variants.${index}.sku`,
          message: `repeats variants.${skus.get(variant.sku)}.sku`,
        });
      }
      skus.set(variant.sku, index);
    });
    if (errors.length > 0) throw new AppError('options_invalid', { errors });
  }

  async function resolveCollection(idOrHandle: string | undefined) {
    if (idOrHandle === undefined) return undefined;
    const members = await deps.collections.membersOf(idOrHandle);
    if (!members) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'query.collection', message: `no collection has the ID or handle "${idOrHandle}"` }],
      });
    }
    return members;
  }

  const service = {
    async get(principal: Principal, id: string): Promise<Product> {
      return visibleTo(principal, await store.cached(id));
    },

    async list(principal: Principal, query: z.output<typeof ListProductsQuerySchema>) {
      const terms = query.q === undefined ? undefined : searchTerms(query.q);
      if (terms !== undefined && terms.length === 0)
        return { object: 'list' as const, data: [], has_more: false };
      const memberOf = await resolveCollection(query.collection);
      // Taken before the page is read: a product changed meanwhile is answered, never cached (ADR-055).
      const stamp = store.stamp();
      // The page query and the assembly of its uncached products on one connection: on PostgreSQL a page waits
      // for the pool once, not once per statement.
      return store.db.connection().execute(async (connection) => {
        const { rows, hasMore } = await store.products(connection).list({
          terms,
          currency: query.currency,
          minPrice: query.minPrice,
          maxPrice: query.maxPrice,
          inStock: query.inStock,
          memberOf,
          active: principal.role === 'admin' ? query.active : true,
          limit: query.limit,
          startingAfter: query.starting_after,
        });
        const products = await store.assembleCached(connection, rows, stamp);
        const data = products.map((product) => visibleTo(principal, product));
        return { object: 'list' as const, data, has_more: hasMore };
      });
    },

    async create(
      input: z.output<typeof CreateProductRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<Product> {
      const options = input.options ?? [];
      const list: NewVariant[] = input.variants ?? [
        {
          sku: input.sku!,
          options: {},
          prices: [{ currency: input.currency!, amount: input.price! }],
          stock: input.stock ?? null,
          grams: null,
          taxCategory: null,
        },
      ];
      checkNewVariants(options, list);
      await variants.assertSkusFree(list.map((v) => v.sku));
      const id = newId('product');
      return variants.guardSkuRace(list, () =>
        store.write(async (trx, at, touched) => {
          const row = {
            id,
            handle: await freeHandle(trx, input.handle, input.name),
            ...RETIRED_PRODUCT_COLUMNS,
            sku: id,
            name: input.name,
            description: input.description ?? null,
            active: input.active ? 1 : 0,
            options: JSON.stringify(options),
            metadata: JSON.stringify(input.metadata),
            created_at: at,
            updated_at: at,
          };
          await store.products(trx).insert(row);
          for (const [position, variant] of list.entries()) {
            await variants.insertVariant(trx, { productId: id, options, variant, position, at });
          }
          touched.add(id);
          const product = await store.load(trx, id);
          await deps.outbox.append(
            trx,
            { type: 'product.created', subjectId: id, ownerId: null, data: product },
            at,
          );
          return product;
        }, onCommit),
      );
    },

    async update(id: string, input: z.output<typeof UpdateProductRequestSchema>): Promise<Product> {
      return store.write(async (trx, at, touched) => {
        const before = await store.load(trx, id);
        const changes = {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.handle === undefined
            ? {}
            : { handle: await freeHandle(trx, input.handle, before.name, id) }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }),
          ...(input.metadata === undefined ? {} : { metadata: JSON.stringify(input.metadata) }),
          ...(input.options === undefined ? {} : { options: JSON.stringify(input.options) }),
          updated_at: at,
        };
        await store.products(trx).update(id, changes);
        if (input.options !== undefined) await reshapeVariants(trx, before, input.options, at);
        if (input.price !== undefined || input.currency !== undefined) {
          await changeSinglePrice(trx, before, input.price, input.currency, at);
        }
        touched.add(id);
        const product = await store.load(trx, id);
        const type = input.active === false ? 'product.archived' : 'product.updated';
        await deps.outbox.append(trx, { type, subjectId: id, ownerId: null, data: product }, at);
        return product;
      });
    },

    /** Archiving hides a product from the catalog and new orders; existing orders keep it. */
    archive(id: string): Promise<Product> {
      return service.update(id, { active: false });
    },

    /** The legacy stock route: the product's only variant. A product with several names one of them instead. */
    async adjustStock(
      principal: Principal,
      id: string,
      input: z.output<typeof StockAdjustmentRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<StockAdjustment> {
      const product = await store.load(store.db, id);
      const only = soleVariant(product);
      return variants.adjustStock(principal, only.id, input, onCommit, 'product.stock_adjusted');
    },

    /**
     * One import row (one variant, see `ProductImportRowSchema`), in one transaction: an existing SKU is updated
     * (its product's name, description and active flag; the row's price replaces the price in that currency;
     * stock is left alone), a new SKU joins the product with the row's handle (adding new option values), or
     * starts a new product.
     */
    async importRow(row: z.output<typeof ProductImportRowSchema>): Promise<'created' | 'updated'> {
      const values = importedOptionValues(row);
      const existing = await variantsRepository(store.db).findBySku(row.sku);
      if (existing) {
        await store.write(async (trx, at, touched) => {
          const product = await store.load(trx, existing.product_id);
          const variant = product.variants.find((v) => v.id === existing.id)!;
          const prices = [
            ...variant.prices.filter((p) => p.currency !== row.currency),
            { currency: row.currency, amount: row.price },
          ];
          await store.products(trx).update(product.id, {
            name: row.name,
            ...(row.description === undefined ? {} : { description: row.description }),
            ...(row.active === undefined ? {} : { active: row.active ? 1 : 0 }),
            updated_at: at,
          });
          await variantsRepository(trx).replacePrices(variant.id, prices);
          await variantsRepository(trx).update(variant.id, {
            ...(row.grams === undefined ? {} : { grams: row.grams }),
            ...(row.tax_category === undefined ? {} : { tax_category: row.tax_category }),
            updated_at: at,
          });
          touched.add(product.id);
          const after = await store.load(trx, product.id);
          await deps.outbox.append(
            trx,
            { type: 'product.updated', subjectId: product.id, ownerId: null, data: after },
            at,
          );
        });
        return 'updated';
      }
      const variant: NewVariant = {
        sku: row.sku,
        options: values,
        prices: [{ currency: row.currency, amount: row.price }],
        stock: row.stock ?? null,
        grams: row.grams ?? null,
        taxCategory: row.tax_category ?? null,
      };
      const host = row.handle ? await store.products(store.db).findByHandle(row.handle) : undefined;
      if (!host) {
        await service.create({
          name: row.name,
          handle: row.handle,
          description: row.description,
          active: row.active ?? true,
          metadata: {},
          options: Object.entries(values).map(([name, value]) => ({ name, values: [value] })),
          variants: [variant],
        });
        return 'created';
      }
      await variants.guardSkuRace([variant], () =>
        store.write(async (trx, at, touched) => {
          const product = await store.load(trx, host.id);
          const options = withImportedValues(product.options, values);
          await store.products(trx).update(host.id, { options: JSON.stringify(options), updated_at: at });
          const current = { ...product, options };
          const mismatch = optionsMismatch(options, values);
          if (mismatch) throw new AppError('options_invalid', { detail: `The row ${mismatch}.` });
          if (
            current.variants.some(
              (v) => v.active && combinationKey(options, v.options) === combinationKey(options, values),
            )
          ) {
            throw new AppError('options_invalid', {
              detail: 'Another variant of this product has the same options.',
            });
          }
          const position = await variantsRepository(trx).nextPosition(host.id);
          await variants.insertVariant(trx, { productId: host.id, options, variant, position, at });
          touched.add(host.id);
        }),
      );
      return 'created';
    },

    /** Drops the cached copies of a product after another module changed what it shows (its media). */
    forgetCached: (id: string) => store.forget([id]),

    /** Rebuilds the whole search index (see `rebuildProductSearch`). */
    rebuildSearchIndex: () => rebuildProductSearch(store),
  };

  /** New options: every variant keeps its values where allowed, gets the first value of a new option. */
  async function reshapeVariants(trx: Executor, before: Product, options: ProductOption[], at: string) {
    const errors: FieldError[] = [];
    const seen = new Map<string, string>();
    const repo = variantsRepository(trx);
    for (const variant of before.variants) {
      const result = reshapeValues(options, variant.options);
      if ('error' in result) {
        errors.push({
          path: 'body.options',
          message: `variant ${variant.sku} ${result.error}`,
          code: 'options_invalid',
        });
        continue;
      }
      const key = combinationKey(options, result.values);
      if (variant.active && seen.has(key)) {
        errors.push({
          path: 'body.options',
          message: `variants ${seen.get(key)} and ${variant.sku} would have the same options`,
          code: 'options_invalid',
        });
      }
      if (variant.active) seen.set(key, variant.sku);
      await repo.update(variant.id, {
        options: JSON.stringify(result.values),
        title: variantTitle(options, result.values),
        updated_at: at,
      });
    }
    if (errors.length > 0) throw new AppError('options_invalid', { errors });
  }

  /** `price`/`currency` on a product: the one variant's default price (first currency) for single-variant products. */
  async function changeSinglePrice(
    trx: Executor,
    before: Product,
    amount: number | undefined,
    currency: string | undefined,
    at: string,
  ) {
    const only = soleVariant(before);
    const [first, ...rest] = only.prices;
    const next = { currency: currency ?? first!.currency, amount: amount ?? first!.amount };
    const prices = [next, ...rest.filter((price) => price.currency !== next.currency)];
    await variantsRepository(trx).replacePrices(only.id, prices);
    await variantsRepository(trx).update(only.id, { updated_at: at });
  }

  /** `option1_name`/`option1_value` … as `{ Size: 'M' }`. */
  function importedOptionValues(row: z.output<typeof ProductImportRowSchema>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, value] of [
      [row.option1_name, row.option1_value],
      [row.option2_name, row.option2_value],
      [row.option3_name, row.option3_value],
    ] as const) {
      if (name !== undefined && value !== undefined) values[name] = value;
    }
    return values;
  }

  /** The product's options with any new value of the row appended (an unknown option name is left to fail). */
  function withImportedValues(options: ProductOption[], values: Record<string, string>): ProductOption[] {
    return options.map((option) => {
      const value = values[option.name];
      return value === undefined || option.values.includes(value)
        ? option
        : { ...option, values: [...option.values, value] };
    });
  }

  function soleVariant(product: Product) {
    if (product.variants.length !== 1) {
      throw new AppError('variant_required', {
        detail: `Product ${product.id} has ${product.variants.length} variants; use /v1/variants/:id for one of them.`,
        errors: product.variants.map((v) => ({
          path: 'variants',
          message: `${v.id} (${v.sku}, ${v.title})`,
        })),
      });
    }
    return product.variants[0]!;
  }

  return service;
}

export type ProductsService = ReturnType<typeof createProductsService>;
