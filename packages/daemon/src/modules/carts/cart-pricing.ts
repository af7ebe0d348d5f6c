import type { Address, Cart, CartLine, Promotion, Region } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { sha256Hex } from '../../infra/secrets.js';
import { computeTotals, type DiscountEffect, type Totals, type TotalsLineInput } from '../../totals/index.js';
import type { CartVariantInfo, CatalogReservations } from '../products/catalog-reservations.js';
import {
  customerKeyOf,
  lineMatches,
  type PromotionCartContext,
  type PromotionCartLine,
} from '../promotions/promotion-eligibility.js';
import type { PromotionsService } from '../promotions/promotions-service.js';
import type { RegionsService } from '../regions/regions-service.js';
import type { ShippingMethodsService, ShippingOption } from '../shipping/shipping-methods-service.js';
import { type TaxCalculator, taxAddressOf } from '../tax/tax-calculator.js';
import type { CartItemRow, CartPromotionRow, CartRow } from './carts-repository.js';
import { cartsRepository } from './carts-repository.js';

/** What pricing needs from other modules; each is an intent-level export of its module. */
export interface CartPricingDeps {
  catalog: Pick<CatalogReservations, 'describeVariants'>;
  regions: Pick<RegionsService, 'find' | 'findCached'>;
  taxCalculator: TaxCalculator;
  shipping: Pick<ShippingMethodsService, 'optionsFor'>;
  promotions: Pick<PromotionsService, 'judgeCart'>;
  collectionsOf: (trx: Executor, productIds: readonly string[]) => Promise<Map<string, string[]>>;
  clock: Clock;
}

/**
 * What pricing reads of the cart's own rows and of the catalog. A change that read them already passes them on with
 * its own change applied (`carts-service.ts`), so its answer is priced without reading them a second time.
 */
export interface CartContents {
  items: CartItemRow[];
  /** The entered codes, in the order the repository answers them (oldest first). */
  entered: CartPromotionRow[];
  /** The catalog's facts per variant ID, for at least every item's variant. */
  described: Map<string, CartVariantInfo>;
}

/** Reads a cart's contents; `alsoDescribe` adds variants to describe in the same query (one about to be added). */
export async function readCartContents(
  trx: Executor,
  catalog: Pick<CatalogReservations, 'describeVariants'>,
  row: CartRow,
  alsoDescribe: readonly string[] = [],
): Promise<CartContents> {
  const repo = cartsRepository(trx);
  const [items, entered] = await Promise.all([repo.itemsOf(row.id), repo.promotionsOf(row.id)]);
  const variantIds = [...new Set([...items.map((item) => item.variant_id), ...alsoDescribe])];
  const described = await catalog.describeVariants(trx, variantIds, row.currency);
  return { items, entered, described };
}

/** One cart line with what the catalog says of its variant. */
export interface PricedCartLine {
  item: CartItemRow;
  info: CartVariantInfo | undefined;
  problem: CartLine['unavailable'];
}

/** A cart priced now: the API answer, and what completion needs to write the order. */
export interface PricedCart {
  cart: Cart;
  totals: Totals;
  lines: PricedCartLine[];
  region: Region | null;
  /** The promotions whose effects went into the totals (entered codes first, then automatic ones). */
  promotions: Promotion[];
  /** Entered codes that no longer apply. */
  rejected: Array<{ code: string; reason: string }>;
  /** Whether the region offers any shipping method for the cart (then completion needs one chosen). */
  hasShippingOptions: boolean;
  /** The chosen method when it still ships the cart. */
  shipping: ShippingOption | null;
  /** Every method that ships the cart now, with its price, cheapest first. */
  options: ShippingOption[];
  customerKey: string | null;
  /** The cart as promotions judge it (entering a code is judged against the same). */
  promotionContext: PromotionCartContext;
  /** What this pricing read, for a change to pass on to the pricing of its answer. */
  contents: CartContents;
}

const parseAddress = (json: string | null): Address | null =>
  json === null ? null : (JSON.parse(json) as Address);

/** The effect a promotion has on this cart, for the totals engine. */
function effectOf(promotion: Promotion, currency: string, lines: PromotionCartLine[], ids: string[]) {
  const value =
    promotion.discount.type === 'percentage'
      ? promotion.discount.bps
      : (promotion.discount.amounts.find((price) => price.currency === currency)?.amount ?? 0);
  const base = { id: promotion.id, kind: promotion.discount.type, value } as const;
  switch (promotion.target.type) {
    case 'order':
      return { ...base, target: 'subtotal' } satisfies DiscountEffect;
    case 'shipping':
      return { ...base, target: 'shipping' } satisfies DiscountEffect;
    case 'items':
      return {
        ...base,
        target: 'lines',
        lineIds: ids.filter((_, index) => lineMatches(promotion, lines[index]!)),
      } satisfies DiscountEffect;
  }
}

/**
 * What a pricing is for. `answer`: a cart shown to its shopper; the region, its tax rates, shipping methods and the
 * promotions may come from the cache (an admin's change, or a promotion used up, drops them at once). `charge`: completion, which decides what is charged;
 * everything is read in the caller's transaction, and a difference from the last answer is 409 `cart_changed`.
 */
export type PricingPurpose = 'answer' | 'charge';

/**
 * `priceCart(trx, cart, purpose)`: the one pricing of a cart, used by every cart answer and by completion inside its
 * transaction. Catalog prices in the cart's currency → tax rates by the shipping address (else billing, else the
 * region's defaults) → the chosen shipping method's price if it still ships the cart → entered codes re-checked
 * and automatic promotions → `computeTotals`. No money arithmetic happens here: the engine does all of it.
 */
export function createCartPricing(deps: CartPricingDeps) {
  return async function priceCart(
    trx: Executor,
    row: CartRow,
    purpose: PricingPurpose = 'answer',
    known?: CartContents,
  ): Promise<PricedCart> {
    const cached = purpose === 'answer';
    const contents = known ?? (await readCartContents(trx, deps.catalog, row));
    const { items, entered, described } = contents;
    const currency = row.currency;
    const lines: PricedCartLine[] = items.map((item) => {
      const info = described.get(item.variant_id);
      const problem: CartLine['unavailable'] =
        !info || !info.forSale
          ? 'not_for_sale'
          : info.unitPrice === null
            ? 'price_missing'
            : info.stock !== null && info.stock < item.quantity
              ? 'out_of_stock'
              : null;
      return { item, info, problem };
    });
    const buyable = lines.filter((line) => line.problem === null);

    const findRegion = cached ? deps.regions.findCached : deps.regions.find;
    const region = row.region_id ? ((await findRegion(trx, row.region_id)) ?? null) : null;
    const pricesIncludeTax = region?.pricesIncludeTax ?? false;
    const shippingAddress = parseAddress(row.shipping_address);
    const billingAddress = parseAddress(row.billing_address);
    const categories = [
      ...new Set(buyable.flatMap((line) => (line.info!.taxCategory ? [line.info!.taxCategory] : []))),
    ];
    const rates = region
      ? await deps.taxCalculator.ratesFor(trx, {
          regionId: region.id,
          address: taxAddressOf({ shippingAddress, billingAddress }),
          taxCategories: categories,
          cached,
        })
      : null;
    const rateOf = (category: string | null) =>
      (category ? rates?.byCategory[category]?.rateBps : rates?.default?.rateBps) ?? 0;
    const engineLines: TotalsLineInput[] = buyable.map((line) => ({
      id: line.item.id,
      unitPrice: line.info!.unitPrice!,
      quantity: line.item.quantity,
      taxRate: rateOf(line.info!.taxCategory),
    }));

    // Shipping thresholds and promotion minimums look at the subtotal before discounts: the engine computes it.
    const base = computeTotals({ currency, pricesIncludeTax, lines: engineLines });
    const grams = buyable.reduce((sum, line) => sum + line.info!.grams * line.item.quantity, 0);
    const options = region
      ? await deps.shipping.optionsFor(trx, { regionId: region.id, subtotal: base.subtotal, grams, cached })
      : [];
    const shipping = row.shipping_method_id
      ? (options.find((option) => option.method.id === row.shipping_method_id) ?? null)
      : null;

    const collections = await deps.collectionsOf(
      trx,
      buyable.map((line) => line.info!.productId),
    );
    const promotionLines: PromotionCartLine[] = buyable.map((line, index) => ({
      variantId: line.item.variant_id,
      productId: line.info!.productId,
      collectionIds: collections.get(line.info!.productId) ?? [],
      subtotal: base.lines[index]!.subtotal,
    }));
    const customerKey = customerKeyOf({ userId: row.user_id, email: row.email });
    const context: PromotionCartContext = {
      currency,
      subtotal: base.subtotal,
      lines: promotionLines,
      customerKey,
      now: deps.clock.now(),
    };
    const judged = await deps.promotions.judgeCart(trx, {
      codes: entered.map((code) => code.code),
      cart: context,
      cached,
    });
    const chosen: Promotion[] = [];
    const rejected: Array<{ code: string; reason: string }> = [];
    judged.codes.forEach((verdict, index) => {
      if (verdict.ok) chosen.push(verdict.promotion);
      else rejected.push({ code: entered[index]!.code, reason: verdict.reason });
    });
    const automatic = judged.automatic;
    const promotions = [...chosen, ...automatic];
    const lineIds = engineLines.map((line) => line.id);
    const totals = computeTotals({
      currency,
      pricesIncludeTax,
      lines: engineLines,
      shipping: shipping ? { amount: shipping.amount, taxRate: rates?.shippingRate?.rateBps ?? 0 } : null,
      discounts: promotions.map((promotion) => effectOf(promotion, currency, promotionLines, lineIds)),
    });

    const amountOf = (promotionId: string) =>
      totals.discounts.filter((d) => d.id === promotionId).reduce((sum, d) => sum + d.amount, 0);
    const byId = new Map(totals.lines.map((line) => [line.id, line]));
    const cartLines: CartLine[] = lines.map(({ item, info, problem }) => {
      const priced = byId.get(item.id);
      return {
        id: item.id,
        variantId: item.variant_id,
        productId: info?.productId ?? null,
        sku: info?.sku ?? null,
        name: info?.name ?? null,
        unitPrice: priced?.unitPrice ?? info?.unitPrice ?? 0,
        quantity: item.quantity,
        subtotal: priced?.subtotal ?? 0,
        discountTotal: priced?.discountTotal ?? 0,
        taxRate: priced?.taxRate ?? 0,
        taxTotal: priced?.taxTotal ?? 0,
        total: priced?.total ?? 0,
        unavailable: problem,
      };
    });
    const cartPromotions = promotions.map((promotion) => ({
      id: promotion.id,
      code: promotion.code,
      amount: amountOf(promotion.id),
    }));
    const fingerprint = sha256Hex(
      JSON.stringify({
        currency,
        pricesIncludeTax,
        lines: cartLines.map((l) => [
          l.variantId,
          l.quantity,
          l.unitPrice,
          l.taxRate,
          l.discountTotal,
          l.unavailable,
        ]),
        shipping: [
          row.shipping_method_id,
          shipping?.amount ?? null,
          totals.shippingTaxRate,
          totals.shippingTotal,
        ],
        promotions: cartPromotions.map((p) => [p.id, p.amount]),
        rejected,
        grandTotal: totals.grandTotal,
      }),
    );
    const cart: Cart = {
      id: row.id,
      object: 'cart',
      status: row.status as Cart['status'],
      userId: row.user_id,
      email: row.email,
      regionId: row.region_id,
      currency,
      pricesIncludeTax,
      lines: cartLines,
      subtotal: totals.subtotal,
      discountTotal: totals.discountTotal,
      shippingSubtotal: totals.shippingSubtotal,
      shippingDiscountTotal: totals.shippingDiscountTotal,
      shippingTaxTotal: totals.shippingTaxTotal,
      shippingTotal: totals.shippingTotal,
      taxTotal: totals.taxTotal,
      grandTotal: totals.grandTotal,
      promotions: cartPromotions,
      rejectedCodes: rejected,
      shippingMethod: row.shipping_method_id
        ? {
            id: row.shipping_method_id,
            name: shipping?.method.name ?? null,
            amount: shipping?.amount ?? null,
            available: shipping !== null,
          }
        : null,
      shippingAddress,
      billingAddress,
      orderId: row.order_id,
      fingerprint,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    return {
      cart,
      totals,
      lines,
      region,
      promotions,
      rejected,
      hasShippingOptions: options.length > 0,
      shipping,
      options,
      customerKey,
      promotionContext: context,
      contents,
    };
  };
}

export type PriceCart = ReturnType<typeof createCartPricing>;
