import type {
  AddCartItemRequest,
  Address,
  Cart,
  CompletedCart,
  CreateCartRequestSchema,
  Promotion,
  Region,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { safeEqual, sha256Hex } from '../../infra/secrets.js';
import { assertAddressCodes } from '../addresses/address-codes.js';
import type { Outbox } from '../events/outbox.js';
import type { OrdersService } from '../orders/orders-service.js';
import type { CatalogReservations, PricedLine } from '../products/catalog-reservations.js';
import { customerKeyOf } from '../promotions/promotion-eligibility.js';
import type { PromotionsService } from '../promotions/promotions-service.js';
import type { RegionsService } from '../regions/regions-service.js';
import { assertMayOrder, userEmailOf } from '../users/user-lookup.js';
import { assertCartAccess, mintCartToken, mintOrderToken } from './cart-access.js';
import { type CartContents, type PriceCart, type PricedCart, readCartContents } from './cart-pricing.js';
import {
  type CartItemRow,
  type CartPromotionRow,
  type CartRow,
  cartsRepository,
} from './carts-repository.js';

/** Thrown inside the completion transaction to roll it back; answered as 409 `cart_changed` with the new cart. */
class CartChanged extends Error {}

/** What a change of a cart did: the columns it changed, and the contents as it left them, when it read them. */
interface CartChange {
  changes?: Partial<CartRow>;
  contents?: CartContents;
}

/** Who is asking for a cart, and the guest token they sent (header or cookie). */
export interface CartCaller {
  principal: Principal;
  token: string | null;
}

/** A signed-in customer (a user, or an API key acting for one); guests (and guest-role keys) get token carts. */
function customerOf(principal: Principal): string | null {
  return principal.role === 'guest' ? null : actingUserId(principal);
}

/** Carts: a shopper's lines, addresses, shipping and codes, priced on every answer, completed into an order. */
export function createCartsService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  config: Pick<Config, 'cartTtlDays' | 'requireVerifiedEmail'>;
  priceCart: PriceCart;
  catalog: Pick<CatalogReservations, 'findVariantId' | 'describeVariants' | 'reserveStock'>;
  regions: Pick<RegionsService, 'find' | 'forCountry' | 'list'>;
  promotions: Pick<PromotionsService, 'judgeCart' | 'consumeUsage' | 'forget'>;
  orders: Pick<OrdersService, 'placeFromCart' | 'forgetProducts'>;
}) {
  const { db, clock } = deps;

  async function load(trx: Executor, caller: CartCaller, id: string): Promise<CartRow> {
    return assertCartAccess(await cartsRepository(trx).find(id), caller.principal, caller.token, id);
  }

  async function loadOpen(trx: Executor, caller: CartCaller, id: string): Promise<CartRow> {
    const row = await load(trx, caller, id);
    if (row.status !== 'open') {
      throw new AppError('cart_completed', { detail: `Cart ${id} became order ${row.order_id}.` });
    }
    return row;
  }

  /**
   * The open cart the caller may change, touched first: on PostgreSQL the update locks the cart's row, so what the
   * change reads of the cart (and passes on to its answer) cannot change under it. A rollback undoes the touch.
   */
  async function touchOpen(trx: Executor, caller: CartCaller, id: string, at: string): Promise<CartRow> {
    const touched = await cartsRepository(trx).updateReturning(id, {}, at);
    if (!touched) {
      await loadOpen(trx, caller, id); // 404, or 409 `cart_completed`, as a read would answer
      throw new AppError('cart_completed');
    }
    return assertCartAccess(touched, caller.principal, caller.token, id);
  }

  /**
   * Runs a change of an open cart in one transaction and answers it priced. `apply` answers the columns it changes,
   * and the cart's contents when it read them and applied its change to them (they are then not read again).
   */
  function change(
    caller: CartCaller,
    id: string,
    apply: (trx: Executor, row: CartRow, at: string) => Promise<CartChange | undefined>,
  ): Promise<Cart> {
    return db.transaction().execute(async (trx) => {
      const at = clock.now().toISOString();
      const row = await touchOpen(trx, caller, id, at);
      const { changes = {}, contents } = (await apply(trx, row, at)) ?? {};
      const changed =
        Object.keys(changes).length > 0 ? await cartsRepository(trx).updateReturning(id, changes, at) : row;
      if (!changed) throw new AppError('cart_completed');
      return (await deps.priceCart(trx, changed, 'answer', contents)).cart;
    });
  }

  async function regionForNewCart(trx: Executor, input: z.output<typeof CreateCartRequestSchema>) {
    if (input.regionId) {
      const region = await deps.regions.find(trx, input.regionId);
      if (!region) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.regionId', message: `no region ${input.regionId}`, code: 'not_found' }],
        });
      }
      return region;
    }
    if (input.currency) return null;
    const { data } = await deps.regions.list({ limit: 2 });
    if (data.length === 1) return data[0]!;
    throw new AppError('validation_failed', {
      errors: [
        {
          path: 'body.regionId',
          message:
            data.length === 0
              ? 'no region exists yet: give the cart a currency'
              : 'the shop has several regions: name one (or give a currency and set a shipping address later)',
          code: 'required',
        },
      ],
    });
  }

  return {
    /**
     * A new cart. A customer's cart belongs to them; a guest's gets a secret token, returned once (the route also
     * sets it as a cookie) and stored as its SHA-256.
     */
    async create(
      principal: Principal,
      input: z.output<typeof CreateCartRequestSchema>,
    ): Promise<{ cart: Cart; token: string | null }> {
      // Reads the regions before the transaction: `regions.list` reads outside any transaction.
      const region = await regionForNewCart(db, input);
      return db.transaction().execute(async (trx) => {
        if (region && input.currency && input.currency !== region.currency) {
          throw new AppError('validation_failed', {
            errors: [
              {
                path: 'body.currency',
                message: `region ${region.id} sells in ${region.currency}`,
                code: 'currency_mismatch',
              },
            ],
          });
        }
        const userId = customerOf(principal);
        const minted = userId ? null : mintCartToken();
        const at = clock.now().toISOString();
        const row: CartRow = {
          id: newId('cart'),
          user_id: userId,
          token_hash: minted?.hash ?? null,
          email: input.email ?? null,
          region_id: region?.id ?? null,
          currency: region?.currency ?? input.currency!,
          shipping_address: null,
          billing_address: null,
          shipping_method_id: null,
          status: 'open',
          order_id: null,
          created_at: at,
          updated_at: at,
        };
        await cartsRepository(trx).insert(row);
        return { cart: (await deps.priceCart(trx, row)).cart, token: minted?.token ?? null };
      });
    },

    async get(caller: CartCaller, id: string): Promise<Cart> {
      return (await deps.priceCart(db, await load(db, caller, id))).cart;
    },

    /**
     * The signed-in customer's open cart (the newest, if there are several): where a storefront finds the cart after
     * a sign-in merged its guest cart into it. 404 when the customer has none.
     */
    async openCartOf(principal: Principal): Promise<Cart> {
      const userId = customerOf(principal);
      if (!userId) throw new AppError('unauthenticated');
      const row = await cartsRepository(db).openOf(userId);
      if (!row) {
        throw new AppError('not_found', { detail: 'You have no open cart: start one with POST /v1/carts.' });
      }
      return (await deps.priceCart(db, row)).cart;
    },

    /** Adds a variant (by SKU or ID); adding one already in the cart adds to its quantity. */
    addItem(caller: CartCaller, id: string, input: AddCartItemRequest) {
      return change(caller, id, async (trx, row, at) => {
        const repo = cartsRepository(trx);
        const variantId = await deps.catalog.findVariantId(trx, input);
        const contents = await readCartContents(trx, deps.catalog, row, variantId ? [variantId] : []);
        const info = variantId ? contents.described.get(variantId) : undefined;
        const path = input.sku ? 'body.sku' : 'body.variantId';
        if (!variantId || !info?.forSale) {
          throw new AppError('product_unavailable', {
            errors: [
              { path, message: `${input.sku ?? input.variantId} is not for sale`, code: 'unavailable' },
            ],
          });
        }
        if (info.unitPrice === null) {
          throw new AppError('price_missing', {
            errors: [{ path, message: `${info.sku} has no price in ${row.currency}`, code: 'price_missing' }],
          });
        }
        const existing = contents.items.find((item) => item.variant_id === variantId);
        const quantity = (existing?.quantity ?? 0) + input.quantity;
        if (quantity > 10_000) {
          throw new AppError('validation_failed', {
            errors: [{ path: 'body.quantity', message: 'a line holds at most 10000 units', code: 'too_big' }],
          });
        }
        if (info.stock !== null && info.stock < quantity) {
          throw new AppError('out_of_stock', {
            errors: [
              {
                path: 'body.quantity',
                message: `only ${info.stock} of ${info.sku} left`,
                code: 'out_of_stock',
              },
            ],
          });
        }
        const item: CartItemRow = existing
          ? { ...existing, quantity }
          : { id: newId('cartItem'), cart_id: id, variant_id: variantId, quantity, created_at: at };
        try {
          if (existing) await repo.setQuantity(id, existing.id, quantity);
          else await repo.insertItem(item);
        } catch (error) {
          // The same variant was added by a concurrent request: the shopper retries and it adds up.
          if (isUniqueViolation(error))
            throw new AppError('conflict', { detail: 'The cart changed meanwhile; retry.' });
          throw error;
        }
        const items = [...contents.items.filter((other) => other.id !== item.id), item];
        // In the repository's order (by ID), so the answer is the one a read of the cart gives.
        items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return { contents: { ...contents, items } };
      });
    },

    updateItem(caller: CartCaller, id: string, itemId: string, quantity: number) {
      return change(caller, id, async (trx) => {
        if (!(await cartsRepository(trx).setQuantity(id, itemId, quantity))) {
          throw new AppError('not_found', { detail: `No line ${itemId} in cart ${id}.` });
        }
        return undefined;
      });
    },

    removeItem(caller: CartCaller, id: string, itemId: string) {
      return change(caller, id, async (trx) => {
        if (!(await cartsRepository(trx).removeItem(id, itemId))) {
          throw new AppError('not_found', { detail: `No line ${itemId} in cart ${id}.` });
        }
        return undefined;
      });
    },

    setEmail(caller: CartCaller, id: string, email: string) {
      return change(caller, id, async () => ({ changes: { email } }));
    },

    /**
     * Sets the shipping address. A country of another region moves the cart there when its items are not priced
     * in another currency (else 422 `region_mismatch`); a country in no region is 422 `country_not_served`.
     */
    async setShippingAddress(caller: CartCaller, id: string, address: Address) {
      await assertAddressCodes(address, 'body');
      return change(caller, id, async (trx, row) => {
        const region: Region | undefined = await deps.regions.forCountry(trx, address.countryCode);
        if (!region) {
          throw new AppError('country_not_served', { detail: `No region includes ${address.countryCode}.` });
        }
        const changes: Partial<CartRow> = { shipping_address: JSON.stringify(address) };
        if (region.id !== row.region_id) {
          const items = await cartsRepository(trx).itemsOf(id);
          if (items.length > 0 && region.currency !== row.currency) {
            throw new AppError('region_mismatch', {
              detail: `${address.countryCode} is in region ${region.id} (${region.currency}); the cart's items are priced in ${row.currency}.`,
            });
          }
          // Shipping methods belong to a region: the old choice does not carry over.
          Object.assign(changes, {
            region_id: region.id,
            currency: region.currency,
            shipping_method_id: null,
          });
        }
        return { changes };
      });
    },

    async setBillingAddress(caller: CartCaller, id: string, address: Address) {
      await assertAddressCodes(address, 'body');
      return change(caller, id, async () => ({ changes: { billing_address: JSON.stringify(address) } }));
    },

    /** The methods that ship the cart now, each with its price, cheapest first. */
    async shippingOptions(caller: CartCaller, id: string) {
      const priced = await deps.priceCart(db, await load(db, caller, id));
      return {
        object: 'list' as const,
        data: priced.options.map((option) => ({ method: option.method, amount: option.amount })),
        has_more: false as const,
      };
    },

    setShippingMethod(caller: CartCaller, id: string, shippingMethodId: string) {
      return change(caller, id, async (trx, row) => {
        const priced = await deps.priceCart(trx, row);
        if (!priced.options.some((option) => option.method.id === shippingMethodId)) {
          throw new AppError('shipping_method_unavailable', {
            detail: `Shipping method ${shippingMethodId} is not offered for this cart.`,
          });
        }
        // The choice changes no line: the answer is priced from what this pricing read.
        return { changes: { shipping_method_id: shippingMethodId }, contents: priced.contents };
      });
    },

    /** Enters a code (any case); 422 with the promotion's reason code when it does not apply. */
    applyPromotion(caller: CartCaller, id: string, code: string) {
      return change(caller, id, async (trx, row, at) => {
        const priced = await deps.priceCart(trx, row);
        const { entered } = priced.contents;
        if (entered.some((p) => p.code === code.toUpperCase())) return { contents: priced.contents };
        const judged = await deps.promotions.judgeCart(trx, {
          codes: [code],
          cart: priced.promotionContext,
          // Automatic promotions are judged again on every pricing; only entered codes constrain a new one.
          applied: priced.promotions.filter((p) => p.code !== null),
          cached: true,
        });
        const verdict = judged.codes[0]!;
        if (!verdict.ok) throw new AppError(verdict.reason);
        const promotion = verdict.promotion;
        const added: CartPromotionRow = {
          cart_id: id,
          promotion_id: promotion.id,
          code: promotion.code ?? code.toUpperCase(),
          created_at: at,
        };
        await cartsRepository(trx).addPromotion(added);
        // In the repository's order (by entry time, then promotion), so the answer is the one a read gives.
        const codes = [...entered, added].sort((a, b) =>
          a.created_at < b.created_at
            ? -1
            : a.created_at > b.created_at
              ? 1
              : a.promotion_id < b.promotion_id
                ? -1
                : 1,
        );
        return { contents: { ...priced.contents, entered: codes } };
      });
    },

    removePromotion(caller: CartCaller, id: string, code: string) {
      return change(caller, id, async (trx) => {
        if (!(await cartsRepository(trx).removePromotion(id, code.trim().toUpperCase()))) {
          throw new AppError('not_found', { detail: `The cart has no code ${code}.` });
        }
        return undefined;
      });
    },

    /**
     * Completes the cart into an order in one transaction: re-prices it; answers 409 `cart_changed` (with the new
     * cart, nothing written) when the fingerprint differs, a code no longer applies, a line cannot be bought, stock
     * runs short or a promotion's usage is used up; otherwise reserves stock, takes promotion usage, writes the
     * order with its breakdown, marks the cart completed and writes `cart.completed` and `order.created`.
     */
    async complete(
      caller: CartCaller,
      id: string,
      fingerprint: string,
      onCommit?: CommitHook,
    ): Promise<CompletedCart> {
      let completed: CompletedCart;
      // Promotions used up here, or found used up: cart answers must stop showing them once this has committed.
      const stale: Promotion[] = [];
      try {
        completed = await db.transaction().execute(async (trx) => {
          const row = await loadOpen(trx, caller, id);
          await assertMayOrder(trx, deps.config.requireVerifiedEmail, {
            userId: row.user_id,
            role: caller.principal.role,
          });
          const priced = await deps.priceCart(trx, row, 'charge');
          const email = row.email ?? (row.user_id ? await userEmailOf(trx, row.user_id) : null);
          assertComplete(row, priced, email);
          if (
            !safeEqual(priced.cart.fingerprint, fingerprint) ||
            priced.rejected.length > 0 ||
            priced.lines.some((line) => line.problem !== null) ||
            (row.shipping_method_id !== null && priced.shipping === null)
          ) {
            throw new CartChanged();
          }
          const at = clock.now().toISOString();
          // One lock order (by variant) for every completion, so concurrent completions cannot deadlock.
          const reservable: PricedLine[] = priced.lines
            .map(({ item, info }) => ({
              productId: info!.productId,
              variantId: item.variant_id,
              sku: info!.sku,
              name: info!.name,
              unitPrice: info!.unitPrice!,
              quantity: item.quantity,
              lineTotal: 0,
              tracksStock: info!.stock !== null,
            }))
            .sort((a, b) => a.variantId.localeCompare(b.variantId));
          const orderToken = row.user_id ? null : mintOrderToken();
          const order = await deps.orders.placeFromCart(trx, {
            cartId: row.id,
            userId: row.user_id,
            email: email!,
            tokenHash: orderToken?.hash ?? null,
            regionId: row.region_id,
            totals: priced.totals,
            lines: priced.lines.map(({ item, info }) => ({
              id: item.id,
              productId: info!.productId,
              variantId: item.variant_id,
              sku: info!.sku,
              name: info!.name,
              tracksStock: info!.stock !== null,
            })),
            shippingAddress: priced.cart.shippingAddress,
            billingAddress: priced.cart.billingAddress,
            shippingMethod: priced.shipping
              ? { id: priced.shipping.method.id, name: priced.shipping.method.name }
              : null,
          });
          if (!(await cartsRepository(trx).markCompleted(row.id, order.id, at))) {
            throw new AppError('cart_completed');
          }
          await deps.outbox.append(
            trx,
            {
              type: 'cart.completed',
              subjectId: row.id,
              ownerId: row.user_id,
              data: { ...priced.cart, status: 'completed', orderId: order.id },
            },
            at,
          );
          const result: CompletedCart = {
            object: 'cart_completion',
            cartId: row.id,
            order,
            order_token: orderToken?.token ?? null,
          };
          await onCommit?.(trx, result);
          // The rows every concurrent completion of the same variants and codes needs (stock, usage counts) are
          // locked last, so the locks are held for these statements and the commit only (PostgreSQL). Throwing
          // rolls back everything above.
          if ((await deps.catalog.reserveStock(trx, reservable, at)).length > 0) throw new CartChanged();
          const customerKey = customerKeyOf({ userId: row.user_id, email });
          for (const promotion of priced.promotions) {
            const taken = await deps.promotions.consumeUsage(trx, promotion.id, customerKey);
            if (!taken.consumed) {
              stale.push(promotion);
              throw new CartChanged();
            }
            if (taken.exhausted) stale.push(promotion);
          }
          return result;
        });
      } catch (error) {
        if (!(error instanceof CartChanged)) throw error;
        await deps.promotions.forget(stale);
        // Rolled back: the shopper gets the cart as it is now, priced as completion priced it (nothing cached).
        const cart = (await deps.priceCart(db, await load(db, caller, id), 'charge')).cart;
        throw new AppError('cart_changed', { extensions: { cart } });
      }
      await deps.orders.forgetProducts(completed.order.items.map((item) => ({ product_id: item.productId })));
      await deps.promotions.forget(stale);
      return completed;
    },

    /**
     * For sign-in (called by auth through the composition root): a guest cart the shopper holds the token of is
     * merged into the customer's open cart (quantities added, codes kept) or, when they have none, adopted (its
     * owner set, its token cleared). A wrong token or a cart no longer open is ignored: signing in never fails
     * because of a cart.
     */
    async mergeGuestCart(userId: string, cartId: string, token: string): Promise<string | null> {
      return db.transaction().execute(async (trx) => {
        const repo = cartsRepository(trx);
        const guest = await repo.find(cartId);
        if (
          !guest ||
          guest.status !== 'open' ||
          guest.user_id !== null ||
          !guest.token_hash ||
          !safeEqual(sha256Hex(token), guest.token_hash)
        ) {
          return null;
        }
        const at = clock.now().toISOString();
        const own = await repo.openOf(userId);
        if (!own || own.currency !== guest.currency) {
          await repo.update(cartId, { user_id: userId, token_hash: null }, at);
          return cartId;
        }
        const ownItems = await repo.itemsOf(own.id);
        for (const item of await repo.itemsOf(cartId)) {
          const same = ownItems.find((mine) => mine.variant_id === item.variant_id);
          if (same) {
            await repo.setQuantity(own.id, same.id, Math.min(10_000, same.quantity + item.quantity));
            await repo.removeItem(cartId, item.id);
          }
        }
        const ownCodes = new Set((await repo.promotionsOf(own.id)).map((p) => p.promotion_id));
        for (const code of await repo.promotionsOf(cartId)) {
          if (ownCodes.has(code.promotion_id)) await repo.removePromotion(cartId, code.code);
        }
        await repo.moveContents(cartId, own.id);
        await repo.remove(cartId);
        await repo.update(
          own.id,
          {
            email: own.email ?? guest.email,
            shipping_address: own.shipping_address ?? guest.shipping_address,
          },
          at,
        );
        return own.id;
      });
    },

    /** Deletes open carts untouched for longer than `cartTtlDays`; called by the `carts.expire` job. */
    async expire(limit = 1000): Promise<number> {
      const before = isoAfter(clock.now(), -deps.config.cartTtlDays * 24 * 3600);
      const stale = await cartsRepository(db).staleOpen(before, limit);
      for (const { id } of stale) {
        await db.transaction().execute(async (trx) => {
          const row = await cartsRepository(trx).find(id);
          // Touched or completed since it was listed: keep it.
          if (row?.status === 'open' && row.updated_at < before) await cartsRepository(trx).remove(id);
        });
      }
      return stale.length;
    },
  };
}

/** 422 `cart_incomplete` listing what an order still needs. */
function assertComplete(row: CartRow, priced: PricedCart, email: string | null) {
  const missing = [
    ...(priced.lines.length === 0 ? [{ path: 'items', message: 'the cart is empty', code: 'required' }] : []),
    ...(email ? [] : [{ path: 'email', message: 'an email address is needed', code: 'required' }]),
    ...(row.shipping_address
      ? []
      : [{ path: 'shippingAddress', message: 'a shipping address is needed', code: 'required' }]),
    ...(row.shipping_method_id === null && priced.hasShippingOptions
      ? [{ path: 'shippingMethod', message: 'choose a shipping method', code: 'required' }]
      : []),
  ];
  if (missing.length > 0) throw new AppError('cart_incomplete', { errors: missing });
}

export type CartsService = ReturnType<typeof createCartsService>;
