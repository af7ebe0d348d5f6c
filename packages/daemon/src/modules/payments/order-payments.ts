import type { Payment, Refund } from '@tillpoint/sdk/schemas';
import type { AliasedExpression, Expression } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import type { Executor } from '../../db/database-types.js';
import { jsonRows, readJsonRows } from '../../db/json-rows.js';
import {
  PAYMENT_COLUMNS,
  paymentsRepository,
  REFUND_COLUMNS,
  toPayment,
  toRefund,
} from './payments-repository.js';

/** An order's payments and refunds as the API shows them, read plainly: what the one-statement read must agree with. */
export async function paymentsOfOrder(
  trx: Executor,
  orderId: string,
): Promise<{ payments: Payment[]; refunds: Refund[] }> {
  const repo = paymentsRepository(trx);
  const [payments, refunds] = await Promise.all([repo.ofOrder(orderId), repo.refundsOfOrder(orderId)]);
  return { payments: payments.map(toPayment), refunds: refunds.map(toRefund) };
}

/** The two columns an order read selects for its payments and refunds (read back with `paymentsFromColumns`). */
export interface PaymentsColumns {
  payments_json: unknown;
  refunds_json: unknown;
}

/**
 * An order's payments and refunds as two JSON columns of a read of `orders`, correlated on `orderId` (an
 * expression of the outer query): the orders module reads an order and everything it shows in one statement
 * (ADR-050) without knowing these tables.
 */
export function paymentsColumnsOf(
  db: Executor,
  orderId: Expression<string>,
): [AliasedExpression<unknown, 'payments_json'>, AliasedExpression<unknown, 'refunds_json'>] {
  const payments = db
    .selectFrom('payments')
    .select(columnsOf(PAYMENT_COLUMNS))
    .where('payments.order_id', '=', orderId);
  const refunds = db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(columnsOf(REFUND_COLUMNS).map((name) => `refunds.${name}` as const))
    .where('payments.order_id', '=', orderId);
  return [
    jsonRows(db, payments, PAYMENT_COLUMNS, 'id').as('payments_json'),
    jsonRows(db, refunds, REFUND_COLUMNS, 'id').as('refunds_json'),
  ];
}

/** The payments and refunds of `paymentsColumnsOf`, as the API shows them. */
export function paymentsFromColumns(row: PaymentsColumns): { payments: Payment[]; refunds: Refund[] } {
  return {
    payments: readJsonRows(row.payments_json, PAYMENT_COLUMNS, 'id').map(toPayment),
    refunds: readJsonRows(row.refunds_json, REFUND_COLUMNS, 'id').map(toRefund),
  };
}
