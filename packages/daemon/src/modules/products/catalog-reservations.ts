import type { FieldError, OrderItemInput } from '@tillpoint/sdk/schemas';
import { MAX_AMOUNT } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import { type Executor, isTrue } from '../../db/database-types.js';
import type { CatalogStore } from './catalog-store.js';
import type { ProductRow } from './products-repository.js';
import { type VariantPriceRow, type VariantRow, variantsRepository } from './variants-repository.js';

/** An order line priced from the catalog, inside the order's transaction. */
export interface PricedLine {
  productId: string;
  variantId: string;
  sku: string;
  /** The product's name, with the variant's title when the product has options. */
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** Whether the variant tracks stock, so the line reserves (and on cancel releases) units. */
  tracksStock: boolean;
}

/** What a cart needs to know of a variant to price a line (`describeVariants`). */
export interface CartVariantInfo {
  variantId: string;
  productId: string;
  sku: string;
  /** The product's name, with the variant's title when the product has options. */
  name: string;
  /** Price in the asked currency; null when it has none. */
  unitPrice: number | null;
  /** Whether the variant and its product are active. */
  forSale: boolean;
  /** Units on hand; null when not tracked. */
  stock: number | null;
  grams: number;
  taxCategory: string | null;
}

/** A line whose units were reserved, as stock is given back. */
export interface ReservedLine {
  productId: string;
  variantId: string;
  quantity: number;
}

/**
 * What the orders module may ask of the catalog (`products.priceLines`, `products.reserveStock`,
 * `products.releaseStock`), so it never reads the products module's tables.
 */
export function createCatalogReservations(store: CatalogStore) {
  /** The variant a line names; a product ID must name a product with exactly one active variant. */
  function pick(
    line: OrderItemInput,
    index: number,
    variants: VariantRow[],
    products: Map<string, ProductRow>,
    errors: { unavailable: FieldError[]; ambiguous: FieldError[] },
  ): VariantRow | undefined {
    const path = `body.items.${index}`;
    let variant: VariantRow | undefined;
    if (line.productId) {
      const choices = variants.filter((v) => v.product_id === line.productId && isTrue(v.active));
      if (choices.length > 1) {
        errors.ambiguous.push({
          path,
          code: 'variant_required',
          message: `product ${line.productId} has ${choices.length} variants; name one by sku: ${choices.map((v) => v.sku).join(', ')}`,
        });
        return undefined;
      }
      variant = choices[0];
    } else {
      variant = variants.find((v) => (line.variantId ? v.id === line.variantId : v.sku === line.sku));
    }
    const product = variant ? products.get(variant.product_id) : undefined;
    if (!variant || !isTrue(variant.active) || !product || !isTrue(product.active)) {
      errors.unavailable.push({
        path,
        message: `${line.sku ?? line.variantId ?? line.productId} is not for sale`,
        code: 'unavailable',
      });
      return undefined;
    }
    return variant;
  }

  /**
   * The currency of the order: the one asked for, else the first line's default (first) currency when every line
   * has a price in it. Lines without a price in an explicitly asked currency are `price_missing`.
   */
  function chooseCurrency(requested: string | undefined, picked: VariantRow[], prices: VariantPriceRow[]) {
    const priceOf = (variantId: string, currency: string) =>
      prices.find((p) => p.variant_id === variantId && p.currency === currency);
    if (requested) return { currency: requested, priceOf };
    const first = prices
      .filter((p) => p.variant_id === picked[0]!.id)
      .sort((a, b) => a.position - b.position)[0];
    const currency = first?.currency ?? 'XXX';
    if (picked.some((v) => !priceOf(v.id, currency))) {
      const currencies = new Set(
        picked.map(
          (v) =>
            prices.filter((p) => p.variant_id === v.id).sort((a, b) => a.position - b.position)[0]?.currency,
        ),
      );
      throw new AppError('currency_mismatch', {
        detail: `The items are priced in ${[...currencies].join(' and ')}; give the order a currency they all have.`,
      });
    }
    return { currency, priceOf };
  }

  return {
    /** Prices every line from the catalog in one currency; any line that cannot be served fails them all. */
    async priceLines(
      trx: Executor,
      lines: OrderItemInput[],
      requestedCurrency: string | undefined,
    ): Promise<{ currency: string; lines: PricedLine[] }> {
      const repo = variantsRepository(trx);
      const variants = await repo.findMany({
        ids: lines.flatMap((l) => (l.variantId ? [l.variantId] : [])),
        skus: lines.flatMap((l) => (l.sku ? [l.sku] : [])),
        productIds: lines.flatMap((l) => (l.productId ? [l.productId] : [])),
      });
      const productRows = await store.products(trx).findMany([...new Set(variants.map((v) => v.product_id))]);
      const products = new Map(productRows.map((p) => [p.id, p]));
      const errors = { unavailable: [] as FieldError[], ambiguous: [] as FieldError[] };
      const picked = lines.map((line, index) => pick(line, index, variants, products, errors));
      if (errors.ambiguous.length > 0) throw new AppError('variant_required', { errors: errors.ambiguous });
      if (errors.unavailable.length > 0)
        throw new AppError('product_unavailable', { errors: errors.unavailable });
      const chosen = picked as VariantRow[];
      const prices = await repo.pricesOf([...new Set(chosen.map((v) => v.id))]);
      const { currency, priceOf } = chooseCurrency(requestedCurrency, chosen, prices);
      const missing: FieldError[] = [];
      const priced = chosen.map((variant, index): PricedLine => {
        const price = priceOf(variant.id, currency);
        if (!price) {
          missing.push({
            path: `body.items.${index}`,
            code: 'price_missing',
            message: `variant ${variant.id} (${variant.sku}) has no price in ${currency}`,
          });
        }
        const product = products.get(variant.product_id)!;
        const quantity = lines[index]!.quantity;
        const unitPrice = price?.amount ?? 0;
        return {
          productId: product.id,
          variantId: variant.id,
          sku: variant.sku,
          name: JSON.parse(product.options).length > 0 ? `${product.name} (${variant.title})` : product.name,
          unitPrice,
          quantity,
          lineTotal: unitPrice * quantity,
          tracksStock: variant.stock !== null,
        };
      });
      if (missing.length > 0) throw new AppError('price_missing', { errors: missing });
      const total = priced.reduce((sum, line) => sum + line.lineTotal, 0);
      if (!Number.isSafeInteger(total) || total > MAX_AMOUNT) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.items', message: 'the order total is too large' }],
        });
      }
      return { currency, lines: priced };
    },

    /**
     * Takes units of tracked stock for each line with guarded updates (never below zero, under any concurrency).
     * Returns the lines that were short; the caller rolls back the transaction when any are.
     */
    async reserveStock(trx: Executor, lines: PricedLine[], at: string): Promise<FieldError[]> {
      const short: FieldError[] = [];
      for (const [index, line] of lines.entries()) {
        if (
          line.tracksStock &&
          !(await variantsRepository(trx).changeStock(line.variantId, -line.quantity, at))
        ) {
          short.push({
            path: `body.items.${index}`,
            message: `not enough stock for ${line.sku}`,
            code: 'out_of_stock',
          });
        }
      }
      return short;
    },

    /** Gives reserved units back (a cancelled order). */
    async releaseStock(trx: Executor, lines: ReservedLine[], at: string): Promise<void> {
      for (const line of lines) await variantsRepository(trx).changeStock(line.variantId, line.quantity, at);
    },

    /**
     * For carts: the variant a shopper names by SKU or ID, if it exists (whether it can be bought is answered by
     * `describeVariants` on every pricing).
     */
    async findVariantId(
      trx: Executor,
      ref: { sku?: string; variantId?: string },
    ): Promise<string | undefined> {
      const [variant] = await variantsRepository(trx).findMany({
        ids: ref.variantId ? [ref.variantId] : [],
        skus: ref.sku ? [ref.sku] : [],
        productIds: [],
      });
      return variant?.id;
    },

    /**
     * For carts: what pricing needs of each variant (name, price in `currency`, whether for sale, stock, weight,
     * tax category). Never throws for a variant that cannot be bought; unknown IDs are absent from the map.
     */
    async describeVariants(
      trx: Executor,
      variantIds: readonly string[],
      currency: string,
    ): Promise<Map<string, CartVariantInfo>> {
      const rows = await variantsRepository(trx).forPricing([...new Set(variantIds)], currency);
      const described = new Map<string, CartVariantInfo>();
      for (const row of rows) {
        described.set(row.id, {
          variantId: row.id,
          productId: row.product_id,
          sku: row.sku,
          name:
            JSON.parse(row.product_options).length > 0
              ? `${row.product_name} (${row.title})`
              : row.product_name,
          unitPrice: row.amount === null ? null : Number(row.amount),
          forSale: isTrue(row.active) && isTrue(row.product_active),
          stock: row.stock,
          grams: row.grams ?? 0,
          taxCategory: row.tax_category,
        });
      }
      return described;
    },

    /** Drops cached copies of products whose stock changed; call after the transaction commits. */
    forget: (productIds: Iterable<string>) => store.forget(productIds),
  };
}

export type CatalogReservations = ReturnType<typeof createCatalogReservations>;
