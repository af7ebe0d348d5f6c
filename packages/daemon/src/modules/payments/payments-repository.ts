import type {
  Payment,
  PaymentProvider,
  PaymentStatus,
  Refund,
  RefundBreakdown,
} from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import type { Executor, PaymentsTable, RefundsTable } from '../../db/database-types.js';
import type { JsonColumns } from '../../db/json-rows.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { newId } from '../../infra/ids.js';

export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<RefundsTable>;

/**
 * Every column of `payments` and `refunds`, with how each comes back through JSON (an order read aggregates them,
 * ADR-050); listed rather than `*` so PostgreSQL keeps the reads below prepared (ADR-051).
 */
export const PAYMENT_COLUMNS: JsonColumns<PaymentRow> = {
  id: 'value',
  order_id: 'value',
  provider: 'value',
  status: 'value',
  amount: 'value',
  amount_captured: 'value',
  amount_refunded: 'value',
  currency: 'value',
  provider_reference: 'value',
  failure_code: 'value',
  failure_message: 'value',
  created_at: 'timestamp',
  updated_at: 'timestamp',
};

export const REFUND_COLUMNS: JsonColumns<RefundRow> = {
  id: 'value',
  payment_id: 'value',
  amount: 'value',
  currency: 'value',
  status: 'value',
  reason: 'value',
  provider_reference: 'value',
  created_at: 'timestamp',
  breakdown: 'value',
};

// An order's payments and refunds, read by every payment, refund and cart completion (ADR-049: compiled once).
const paymentsOfOrder = preparedQuery<{ orderId: string }, PaymentRow>((db, param) =>
  db
    .selectFrom('payments')
    .select(columnsOf(PAYMENT_COLUMNS))
    .where('order_id', '=', param('orderId'))
    .orderBy('id'),
);
const refundsOfOrder = preparedQuery<{ orderId: string }, RefundRow>((db, param) =>
  db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(columnsOf(REFUND_COLUMNS).map((name) => `refunds.${name}` as const))
    .where('payments.order_id', '=', param('orderId'))
    .orderBy('refunds.id'),
);

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    object: 'payment',
    orderId: row.order_id,
    provider: row.provider as PaymentProvider,
    status: row.status as PaymentStatus,
    amount: row.amount,
    amountCaptured: row.amount_captured,
    amountRefunded: row.amount_refunded,
    currency: row.currency,
    providerReference: row.provider_reference,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    object: 'refund',
    paymentId: row.payment_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status as Refund['status'],
    reason: row.reason,
    providerReference: row.provider_reference,
    breakdown: row.breakdown ? (JSON.parse(row.breakdown) as RefundBreakdown) : null,
    createdAt: row.created_at,
  };
}

export function paymentsRepository(db: Executor) {
  return {
    /** Payments still waiting for an outcome since before `before`, oldest first. */
    listPendingBefore: (before: string, limit: number) =>
      db
        .selectFrom('payments')
        .selectAll()
        .where('status', '=', 'pending')
        .where('created_at', '<', before)
        .orderBy('created_at')
        .limit(limit)
        .execute(),

    findById: (id: string) => db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst(),

    findByProviderReference: (provider: string, reference: string) =>
      db
        .selectFrom('payments')
        .selectAll()
        .where('provider', '=', provider)
        .where('provider_reference', '=', reference)
        .executeTakeFirst(),

    ofOrder: async (orderId: string) => (await paymentsOfOrder.execute(db, { orderId })).rows,

    refundsOfOrder: async (orderId: string) => (await refundsOfOrder.execute(db, { orderId })).rows,

    async insert(row: PaymentRow): Promise<void> {
      await db.insertInto('payments').values(row).execute();
      await this.recordStatus(row.id, null, row.status, null, row.created_at);
    },

    /** Moves a payment out of `from` only if it is still there; every move is recorded. */
    async transition(
      id: string,
      from: PaymentStatus,
      to: PaymentStatus,
      changes: Partial<Omit<PaymentRow, 'id' | 'status'>>,
      detail: string | null,
      at: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('payments')
        .set({ ...changes, status: to, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await this.recordStatus(id, from, to, detail, at);
      return true;
    },

    async setReference(id: string, reference: string, at: string): Promise<void> {
      await db
        .updateTable('payments')
        .set({ provider_reference: reference, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    async recordStatus(
      paymentId: string,
      from: string | null,
      to: string,
      detail: string | null,
      at: string,
    ) {
      await db
        .insertInto('payment_status_history')
        .values({
          id: newId('paymentStatusChange'),
          payment_id: paymentId,
          from_status: from,
          to_status: to,
          detail,
          created_at: at,
        })
        .execute();
    },

    /**
     * Reserves `amount` of the captured money for a refund. The condition is what makes racing
     * refunds safe: their sum can never pass what was captured.
     */
    async reserveRefund(id: string, amount: number, at: string): Promise<boolean> {
      const result = await db
        .updateTable('payments')
        .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', amount), updated_at: at }))
        .where('id', '=', id)
        .where('status', '=', 'succeeded')
        .where((eb) => eb(eb('amount_refunded', '+', amount), '<=', eb.ref('amount_captured')))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async releaseRefund(id: string, amount: number, at: string): Promise<void> {
      await db
        .updateTable('payments')
        .set((eb) => ({ amount_refunded: eb('amount_refunded', '-', amount), updated_at: at }))
        .where('id', '=', id)
        .execute();
    },

    async insertRefund(row: RefundRow): Promise<void> {
      await db.insertInto('refunds').values(row).execute();
    },

    async updateRefund(
      id: string,
      changes: Partial<Pick<RefundRow, 'status' | 'provider_reference'>>,
    ): Promise<void> {
      await db.updateTable('refunds').set(changes).where('id', '=', id).execute();
    },

    /**
     * Takes the payment's row lock (PostgreSQL; SQLite has one writer anyway) so that refunds of one payment are
     * planned one after another, each against the refunds committed before it.
     */
    async lockForRefund(id: string, at: string): Promise<void> {
      await db.updateTable('payments').set({ updated_at: at }).where('id', '=', id).execute();
    },

    /** The line-by-line breakdowns of an order's refunds that are not failed (pending ones hold their amount). */
    async refundBreakdownsOfOrder(orderId: string): Promise<RefundBreakdown[]> {
      const rows = await db
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select('refunds.breakdown')
        .where('payments.order_id', '=', orderId)
        .where('refunds.status', '!=', 'failed')
        .where('refunds.breakdown', 'is not', null)
        .orderBy('refunds.id')
        .execute();
      return rows.map((row) => JSON.parse(row.breakdown!) as RefundBreakdown);
    },

    findRefund: (id: string) =>
      db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),

    async list(filters: {
      orderId?: string | undefined;
      status?: string | undefined;
      userId?: string | undefined;
      limit: number;
      startingAfter?: string | undefined;
    }) {
      let query = db
        .selectFrom('payments')
        .innerJoin('orders', 'orders.id', 'payments.order_id')
        .selectAll('payments');
      if (filters.orderId) query = query.where('payments.order_id', '=', filters.orderId);
      if (filters.status) query = query.where('payments.status', '=', filters.status);
      if (filters.userId) query = query.where('orders.user_id', '=', filters.userId);
      if (filters.startingAfter) query = query.where('payments.id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('payments.id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    /** Records a provider webhook event ID; false if it was processed before (replays are ignored). */
    async markWebhookProcessed(provider: string, eventId: string, at: string): Promise<boolean> {
      const result = await db
        .insertInto('processed_webhooks')
        .values({ provider, event_id: eventId, received_at: at })
        .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
