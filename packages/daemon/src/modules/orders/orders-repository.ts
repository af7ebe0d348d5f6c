import type { Address, Order, OrderStatus } from '@tillpoint/sdk/schemas';
import { type Selectable, sql } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import {
  type Executor,
  isTrue,
  type OrderItemsTable,
  type OrderStatusHistoryTable,
  type OrdersTable,
} from '../../db/database-types.js';
import { type JsonColumns, jsonRows, readJsonRows } from '../../db/json-rows.js';
import { preparedInsert, preparedQuery } from '../../db/prepared-query.js';
import { newId } from '../../infra/ids.js';
import { type PaymentsColumns, paymentsColumnsOf } from '../payments/order-payments.js';

export type OrderRow = Selectable<OrdersTable>;
export type OrderItemRow = Selectable<OrderItemsTable>;
export type OrderHistoryRow = Selectable<OrderStatusHistoryTable>;

// Listed rather than `*`, so PostgreSQL keeps the order read prepared (ADR-051).
const ORDER_COLUMNS = columnsOf<OrderRow>({
  id: true,
  user_id: true,
  status: true,
  currency: true,
  total: true,
  amount_paid: true,
  amount_refunded: true,
  payment_due_at: true,
  active_payment_id: true,
  created_at: true,
  updated_at: true,
  email: true,
  token_hash: true,
  cart_id: true,
  region_id: true,
  subtotal: true,
  discount_total: true,
  shipping_total: true,
  tax_total: true,
  prices_include_tax: true,
  shipping_address: true,
  billing_address: true,
  shipping_method_id: true,
  shipping_method_name: true,
  breakdown: true,
});

const ITEM_COLUMNS: JsonColumns<OrderItemRow> = {
  id: 'value',
  order_id: 'value',
  product_id: 'value',
  variant_id: 'value',
  sku: 'value',
  name: 'value',
  unit_price: 'value',
  quantity: 'value',
  line_total: 'value',
  stock_reserved: 'value',
  discount_total: 'value',
  tax_total: 'value',
  tax_rate: 'value',
  total: 'value',
};

const HISTORY_COLUMNS: JsonColumns<OrderHistoryRow> = {
  id: 'value',
  order_id: 'value',
  from_status: 'value',
  to_status: 'value',
  reason: 'value',
  created_at: 'timestamp',
};

/** An order with everything its detail shows, read in one statement (ADR-050). */
export interface OrderWithChildren {
  order: OrderRow;
  items: OrderItemRow[];
  history: OrderHistoryRow[];
  /** Read back with the payments module's `paymentsFromColumns`. */
  payments: PaymentsColumns;
}

// The statements every order placement and order read runs, compiled once (ADR-049).
const insertOrder = preparedInsert('orders');
const insertItems = preparedInsert('order_items');
const insertHistory = preparedInsert('order_status_history');
const orderById = preparedQuery<{ id: string }, OrderRow>((db, param) =>
  db.selectFrom('orders').select(ORDER_COLUMNS).where('id', '=', param('id')),
);
const itemsOfOrder = preparedQuery<{ orderId: string }, OrderItemRow>((db, param) =>
  db
    .selectFrom('order_items')
    .select(columnsOf(ITEM_COLUMNS))
    .where('order_id', '=', param('orderId'))
    .orderBy('id'),
);
const itemsOfOrders = preparedQuery<{ orderIds: readonly string[] }, OrderItemRow>((db, _param, list) =>
  db
    .selectFrom('order_items')
    .select(columnsOf(ITEM_COLUMNS))
    .where('order_id', 'in', list('orderIds'))
    .orderBy('id'),
);
const historyOfOrder = preparedQuery<{ orderId: string }, OrderHistoryRow>((db, param) =>
  db
    .selectFrom('order_status_history')
    .select(columnsOf(HISTORY_COLUMNS))
    .where('order_id', '=', param('orderId'))
    .orderBy('id'),
);
type OrderWithChildrenRow = OrderRow & PaymentsColumns & { items_json: unknown; history_json: unknown };
const orderWithChildren = preparedQuery<{ id: string }, OrderWithChildrenRow>((db, param) => {
  const orderId = sql.ref<string>('orders.id');
  const items = db
    .selectFrom('order_items')
    .select(columnsOf(ITEM_COLUMNS))
    .where('order_items.order_id', '=', orderId);
  const history = db
    .selectFrom('order_status_history')
    .select(columnsOf(HISTORY_COLUMNS))
    .where('order_status_history.order_id', '=', orderId);
  return db
    .selectFrom('orders')
    .select(ORDER_COLUMNS.map((name) => `orders.${name}` as const))
    .select([
      jsonRows(db, items, ITEM_COLUMNS, 'id').as('items_json'),
      jsonRows(db, history, HISTORY_COLUMNS, 'id').as('history_json'),
      ...paymentsColumnsOf(db, orderId),
    ])
    .where('orders.id', '=', param('id'));
});

export function toOrder(row: OrderRow, items: OrderItemRow[]): Order {
  return {
    id: row.id,
    object: 'order',
    userId: row.user_id,
    status: row.status as OrderStatus,
    currency: row.currency,
    items: items.map((item) => ({
      id: item.id,
      productId: item.product_id,
      variantId: variantIdOf(item),
      sku: item.sku,
      name: item.name,
      unitPrice: item.unit_price,
      quantity: item.quantity,
      lineTotal: item.line_total,
      discountTotal: item.discount_total,
      taxRate: item.tax_rate,
      taxTotal: item.tax_total,
      total: item.total ?? item.line_total,
    })),
    email: row.email,
    cartId: row.cart_id,
    regionId: row.region_id,
    pricesIncludeTax: row.prices_include_tax === null ? null : isTrue(row.prices_include_tax),
    // Orders placed without a cart have no breakdown: their subtotal is their total.
    subtotal: row.cart_id === null ? row.total : row.subtotal,
    discountTotal: row.discount_total,
    shippingTotal: row.shipping_total,
    taxTotal: row.tax_total,
    shippingAddress: parseAddress(row.shipping_address),
    billingAddress: parseAddress(row.billing_address),
    shippingMethod:
      row.shipping_method_id === null
        ? null
        : { id: row.shipping_method_id, name: row.shipping_method_name ?? '' },
    total: row.total,
    amountPaid: row.amount_paid,
    amountRefunded: row.amount_refunded,
    paymentDueAt: row.payment_due_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseAddress(json: string | null): Address | null {
  return json === null ? null : (JSON.parse(json) as Address);
}

/** The variant of a line; lines from before variants (none left unmapped by migration 0007) map by product ID. */
export function variantIdOf(item: Pick<OrderItemRow, 'variant_id' | 'product_id'>): string {
  return item.variant_id ?? `var_${item.product_id.slice(4)}`;
}

export interface OrderFilters {
  status?: string | undefined;
  userId?: string | undefined;
  currency?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  newestFirst: boolean;
  limit: number;
  startingAfter?: string | undefined;
}

export function ordersRepository(db: Executor) {
  return {
    findById: async (id: string): Promise<OrderRow | undefined> =>
      (await orderById.execute(db, { id })).rows[0],

    /** The order, its lines, history, payments and refunds in one statement, for an order read. */
    async findWithChildren(id: string): Promise<OrderWithChildren | undefined> {
      const row = (await orderWithChildren.execute(db, { id })).rows[0];
      if (!row) return undefined;
      const { items_json, history_json, payments_json, refunds_json, ...order } = row;
      return {
        order,
        items: readJsonRows(items_json, ITEM_COLUMNS, 'id'),
        history: readJsonRows(history_json, HISTORY_COLUMNS, 'id'),
        payments: { payments_json, refunds_json },
      };
    },

    async anyLineOfVariant(variantId: string): Promise<boolean> {
      const row = await db
        .selectFrom('order_items')
        .select('id')
        .where('variant_id', '=', variantId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    itemsOf: async (orderIds: string[]): Promise<OrderItemRow[]> =>
      orderIds.length === 0 ? [] : (await itemsOfOrders.execute(db, { orderIds })).rows,

    /** One order's lines, in order. */
    itemsOfOne: async (orderId: string) => (await itemsOfOrder.execute(db, { orderId })).rows,

    historyOf: async (orderId: string) => (await historyOfOrder.execute(db, { orderId })).rows,

    async insert(order: OrderRow, items: OrderItemRow[]): Promise<void> {
      await insertOrder.execute(db, order);
      if (items.length > 0) await insertItems.execute(db, items);
    },

    /**
     * Moves an order from one status to another if it is still as it was read (same status, same
     * money): the condition makes racing changes of one order resolve to one winner, and no update
     * computed from a stale amount can be lost.
     */
    async transition(
      seen: Pick<OrderRow, 'id' | 'amount_paid' | 'amount_refunded'> & { status: string },
      to: OrderStatus,
      changes: Partial<Pick<OrderRow, 'amount_paid' | 'amount_refunded' | 'active_payment_id'>>,
      at: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('orders')
        .set({ ...changes, status: to, updated_at: at })
        .where('id', '=', seen.id)
        .where('status', '=', seen.status)
        .where('amount_paid', '=', seen.amount_paid)
        .where('amount_refunded', '=', seen.amount_refunded)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async recordTransition(
      orderId: string,
      from: OrderStatus | null,
      to: OrderStatus,
      reason: string | null,
      at: string,
    ) {
      const row: Selectable<OrderStatusHistoryTable> = {
        id: newId('orderStatusChange'),
        order_id: orderId,
        from_status: from,
        to_status: to,
        reason,
        created_at: at,
      };
      await insertHistory.execute(db, row);
    },

    /** Claims the order for one payment: fails if another payment already holds it or it is not pending. */
    async claimForPayment(orderId: string, paymentId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('orders')
        .set({ active_payment_id: paymentId, updated_at: at })
        .where('id', '=', orderId)
        .where('status', '=', 'pending')
        .where('active_payment_id', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async releasePaymentClaim(orderId: string, paymentId: string, at: string): Promise<void> {
      await db
        .updateTable('orders')
        .set({ active_payment_id: null, updated_at: at })
        .where('id', '=', orderId)
        .where('active_payment_id', '=', paymentId)
        .execute();
    },

    async list(filters: OrderFilters) {
      let query = db.selectFrom('orders').selectAll();
      if (filters.status) query = query.where('status', '=', filters.status);
      if (filters.userId) query = query.where('user_id', '=', filters.userId);
      if (filters.currency) query = query.where('currency', '=', filters.currency);
      if (filters.createdFrom) query = query.where('created_at', '>=', filters.createdFrom);
      if (filters.createdTo) query = query.where('created_at', '<', filters.createdTo);
      // IDs are time-ordered, so ordering by ID is ordering by creation, and the cursor is the ID.
      if (filters.startingAfter)
        query = query.where('id', filters.newestFirst ? '<' : '>', filters.startingAfter);
      const rows = await query
        .orderBy('id', filters.newestFirst ? 'desc' : 'asc')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    /** Pending orders whose payment deadline has passed, oldest first. */
    overdue: (now: string, limit: number) =>
      db
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'pending')
        .where('active_payment_id', 'is', null)
        .where('payment_due_at', '<=', now)
        .orderBy('payment_due_at')
        .limit(limit)
        .execute(),
  };
}
