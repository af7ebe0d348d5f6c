import type {
  CreateOrderRequestSchema,
  ListOrdersQuerySchema,
  Order,
  OrderDetail,
  OrderStatus,
  Payment,
  Refund,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import { type CommitHook, type Database, type Executor, isTrue } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { Outbox } from '../events/outbox.js';
import { paymentsFromColumns } from '../payments/order-payments.js';
import type { CatalogReservations } from '../products/catalog-reservations.js';
import { assertMayOrder, userExists } from '../users/user-lookup.js';
import { mayAccessOrder } from './order-access.js';
import type { OrderLinkTokens } from './order-link-tokens.js';
import { type CartOrderInput, placeOrderFromCart } from './order-placement.js';
import { ConcurrentOrderChange, moveOrder, withFreshOrder } from './order-state.js';
import {
  type OrderHistoryRow,
  type OrderItemRow,
  type OrderRow,
  ordersRepository,
  toOrder,
  variantIdOf,
} from './orders-repository.js';

/** The breakdown columns of an order placed without a cart: neutral values. */
const NO_BREAKDOWN = {
  email: null,
  token_hash: null,
  cart_id: null,
  region_id: null,
  subtotal: 0,
  discount_total: 0,
  shipping_total: 0,
  tax_total: 0,
  prices_include_tax: null,
  shipping_address: null,
  billing_address: null,
  shipping_method_id: null,
  shipping_method_name: null,
  breakdown: null,
} as const;

export function createOrdersService(deps: {
  outbox: Outbox;
  db: Database;
  clock: Clock;
  catalog: CatalogReservations;
  config: Pick<Config, 'orderPaymentTimeoutMinutes' | 'requireVerifiedEmail'>;
  orderLinks: Pick<OrderLinkTokens, 'verify'>;
}) {
  const { db, clock } = deps;

  /** Reserving or releasing stock changes products: their cached copies go. */
  async function forgetProducts(items: Array<{ product_id: string }>) {
    await deps.catalog.forget(items.map((item) => item.product_id));
  }

  /** The order as the API shows it, its lines, history, payments and refunds read in one statement (ADR-050). */
  async function detail(trx: Executor, row: OrderRow): Promise<OrderDetail> {
    const found = await ordersRepository(trx).findWithChildren(row.id);
    if (!found) throw new AppError('not_found', { detail: `No order ${row.id}.` });
    const { payments, refunds } = paymentsFromColumns(found.payments);
    return detailOf(row, found.items, found.history, payments, refunds);
  }

  /** Owners see their orders, admins all; anyone else gets "not found" rather than a hint that it exists. */
  async function visible(
    trx: Executor,
    principal: Principal,
    id: string,
    orderToken?: string | null,
  ): Promise<OrderRow> {
    return accessible(await ordersRepository(trx).findById(id), principal, id, orderToken);
  }

  /** The order row if the caller may see it; else the same 404 as a missing order. */
  function accessible<T extends OrderRow>(
    row: T | undefined,
    principal: Principal,
    id: string,
    orderToken?: string | null,
  ): T {
    if (!row || !mayAccessOrder(row, principal, orderToken, deps.orderLinks)) {
      throw new AppError('not_found', { detail: `No order ${id}.` });
    }
    return row;
  }

  async function ownerFor(principal: Principal, requested: string | undefined): Promise<string> {
    if (requested !== undefined) {
      if (principal.role !== 'admin') {
        throw new AppError('permission_denied', { detail: 'Only admins may place orders for another user.' });
      }
      if (!(await userExists(db, requested))) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.userId', message: 'no such user' }],
        });
      }
      return requested;
    }
    const own = actingUserId(principal);
    if (!own)
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.userId', message: 'required for keys without an owner' }],
      });
    return own;
  }

  return {
    /**
     * Prices every line from the catalog, reserves tracked stock and writes the order, its history
     * and `order.created` in one transaction. Any line that cannot be served fails the whole order.
     */
    async create(
      principal: Principal,
      input: z.output<typeof CreateOrderRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<OrderDetail> {
      const userId = await ownerFor(principal, input.userId);
      await assertMayOrder(db, deps.config.requireVerifiedEmail, {
        userId: actingUserId(principal),
        role: principal.role,
      });
      const created = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const at = now.toISOString();
        const priced = await deps.catalog.priceLines(trx, input.items, input.currency);
        const orderId = newId('order');
        const items: OrderItemRow[] = priced.lines.map((line) => ({
          id: newId('orderItem'),
          order_id: orderId,
          product_id: line.productId,
          variant_id: line.variantId,
          sku: line.sku,
          name: line.name,
          unit_price: line.unitPrice,
          quantity: line.quantity,
          line_total: line.lineTotal,
          stock_reserved: line.tracksStock ? 1 : 0,
          discount_total: 0,
          tax_total: 0,
          tax_rate: 0,
          total: line.lineTotal,
        }));
        const total = items.reduce((sum, item) => sum + item.line_total, 0);

        const row: OrderRow = {
          id: orderId,
          user_id: userId,
          status: 'pending',
          currency: priced.currency,
          total,
          amount_paid: 0,
          amount_refunded: 0,
          payment_due_at: isoAfter(now, deps.config.orderPaymentTimeoutMinutes * 60),
          active_payment_id: null,
          created_at: at,
          updated_at: at,
          ...NO_BREAKDOWN,
        };
        const orders = ordersRepository(trx);
        await orders.insert(row, items);
        await orders.recordTransition(orderId, null, 'pending', null, at);
        const order = toOrder(row, items);
        await deps.outbox.append(
          trx,
          { type: 'order.created', subjectId: orderId, ownerId: userId, data: order },
          at,
        );
        // Just written here, so known without reading it back: no payment, no refund, one status.
        const result: OrderDetail = {
          ...order,
          payments: [],
          refunds: [],
          statusHistory: [{ from: null, to: 'pending', reason: null, at }],
        };
        await onCommit?.(trx, result);
        // Stock last: its guarded updates lock the product rows every concurrent order of the same products
        // needs, until COMMIT. Taken here, the lock is held for two statements and the commit instead of the whole
        // transaction (on PostgreSQL, hot products' orders queue on it). Throwing rolls back everything above.
        const short = await deps.catalog.reserveStock(trx, priced.lines, at);
        if (short.length > 0) throw new AppError('out_of_stock', { errors: short });
        return result;
      });
      await forgetProducts(created.items.map((item) => ({ product_id: item.productId })));
      return created;
    },

    /** A guest reads their order with its token (`X-Order-Token`); anything else without access is 404. */
    async get(principal: Principal, id: string, orderToken?: string | null): Promise<OrderDetail> {
      // One statement for the order and all it shows (ADR-050); access is decided on the row it read.
      const found = await ordersRepository(db).findWithChildren(id);
      const order = accessible(found?.order, principal, id, orderToken);
      const { payments, refunds } = paymentsFromColumns(found!.payments);
      return detailOf(order, found!.items, found!.history, payments, refunds);
    },

    /**
     * For cart completion, inside its transaction: writes the order from the cart's breakdown (see
     * `order-placement.ts`) and answers it as the API shows it.
     */
    async placeFromCart(trx: Executor, input: CartOrderInput): Promise<OrderDetail> {
      const row = await placeOrderFromCart(
        trx,
        { outbox: deps.outbox, clock, paymentTimeoutMinutes: deps.config.orderPaymentTimeoutMinutes },
        input,
      );
      return detail(trx, row);
    },

    /** Drops cached products after a commit that reserved their stock (cart completion). */
    forgetProducts,

    async list(principal: Principal, query: z.output<typeof ListOrdersQuerySchema>) {
      if (query.userId && principal.role !== 'admin') {
        throw new AppError('permission_denied', { detail: 'Only admins may list other users’ orders.' });
      }
      const orders = ordersRepository(db);
      const { rows, hasMore } = await orders.list({
        status: query.status,
        userId: principal.role === 'admin' ? query.userId : (actingUserId(principal) ?? '-'),
        currency: query.currency,
        createdFrom: query.createdFrom ? new Date(query.createdFrom).toISOString() : undefined,
        createdTo: query.createdTo ? new Date(query.createdTo).toISOString() : undefined,
        newestFirst: query.sort === '-created',
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      const items = await orders.itemsOf(rows.map((row) => row.id));
      const data: Order[] = rows.map((row) =>
        toOrder(
          row,
          items.filter((item) => item.order_id === row.id),
        ),
      );
      return { object: 'list' as const, data, has_more: hasMore };
    },

    /**
     * Cancels a pending order and gives its reserved stock back. Owners may cancel their own;
     * an order with a payment in progress cannot be cancelled (the money may already be moving).
     */
    async cancel(
      principal: Principal,
      id: string,
      reason: string | undefined,
      onCommit?: CommitHook,
    ): Promise<OrderDetail> {
      const cancelled = await db.transaction().execute(async (trx) => {
        await visible(trx, principal, id);
        const result = await withFreshOrder(trx, id, (order) => cancelInside(trx, order, reason ?? null));
        await onCommit?.(trx, result);
        return result;
      });
      await forgetProducts(cancelled.items.map((item) => ({ product_id: item.productId })));
      return cancelled;
    },

    async fulfill(principal: Principal, id: string, reason: string | undefined, onCommit?: CommitHook) {
      return simpleMove(principal, id, 'fulfilled', reason, onCommit);
    },

    async complete(principal: Principal, id: string, reason: string | undefined, onCommit?: CommitHook) {
      return simpleMove(principal, id, 'completed', reason, onCommit);
    },

    /**
     * Cancels pending orders whose payment deadline has passed and releases their stock; called by
     * the scheduler. Returns how many were cancelled.
     */
    async cancelOverdue(limit = 500): Promise<number> {
      const overdue = await ordersRepository(db).overdue(clock.now().toISOString(), limit);
      let cancelled = 0;
      for (const { id } of overdue) {
        try {
          await db.transaction().execute(async (trx) => {
            const order = await ordersRepository(trx).findById(id);
            if (order?.status === 'pending' && !order.active_payment_id) {
              await cancelInside(trx, order, 'payment_timeout');
              cancelled += 1;
            }
          });
          await forgetProducts(await ordersRepository(db).itemsOf([id]));
        } catch (error) {
          // Paid, cancelled or changed meanwhile: nothing to do for this one now.
          if (!(error instanceof AppError) && !(error instanceof ConcurrentOrderChange)) throw error;
        }
      }
      return cancelled;
    },
  };

  async function cancelInside(trx: Executor, order: OrderRow, reason: string | null): Promise<OrderDetail> {
    if (order.active_payment_id) {
      throw new AppError('invalid_transition', {
        detail: 'A payment for this order is in progress; it cannot be cancelled now.',
      });
    }
    const at = clock.now().toISOString();
    const moved = await moveOrder(trx, order, 'cancelled', { reason, at, outbox: deps.outbox });
    const reserved = (await ordersRepository(trx).itemsOf([order.id])).filter((item) =>
      isTrue(item.stock_reserved),
    );
    await deps.catalog.releaseStock(
      trx,
      reserved.map((item) => ({
        productId: item.product_id,
        variantId: variantIdOf(item),
        quantity: item.quantity,
      })),
      at,
    );
    return detail(trx, moved);
  }

  async function simpleMove(
    principal: Principal,
    id: string,
    to: OrderStatus,
    reason: string | undefined,
    onCommit?: CommitHook,
  ) {
    return db.transaction().execute(async (trx) => {
      const order = await visible(trx, principal, id);
      const moved = await moveOrder(trx, order, to, {
        outbox: deps.outbox,
        reason: reason ?? null,
        at: clock.now().toISOString(),
      });
      const result = await detail(trx, moved);
      await onCommit?.(trx, result);
      return result;
    });
  }
}

export type OrdersService = ReturnType<typeof createOrdersService>;

/** An order as the API shows it, from its rows. */
function detailOf(
  row: OrderRow,
  items: OrderItemRow[],
  history: OrderHistoryRow[],
  payments: Payment[],
  refunds: Refund[],
): OrderDetail {
  return {
    ...toOrder(row, items),
    payments,
    refunds,
    statusHistory: history.map((h) => ({
      from: h.from_status as OrderStatus | null,
      to: h.to_status as OrderStatus,
      reason: h.reason,
      at: h.created_at,
    })),
  };
}
