import type { Payment, Refund } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import { paymentsRepository, toPayment, toRefund } from './payments-repository.js';

/** An order's payments and refunds as the API shows them; how the orders module builds an order's detail. */
export async function paymentsOfOrder(
  trx: Executor,
  orderId: string,
): Promise<{ payments: Payment[]; refunds: Refund[] }> {
  const repo = paymentsRepository(trx);
  const [payments, refunds] = await Promise.all([repo.ofOrder(orderId), repo.refundsOfOrder(orderId)]);
  return { payments: payments.map(toPayment), refunds: refunds.map(toRefund) };
}
