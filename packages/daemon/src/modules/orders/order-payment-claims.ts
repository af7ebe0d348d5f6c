import type { Executor } from '../../db/database-types.js';
import { type OrderRow, ordersRepository } from './orders-repository.js';

export type { OrderRow };

/**
 * What the payments module may do with orders: read one, and take or give back the claim that stops two payments of
 * one order (`active_payment_id`, set by a conditional update). Moving an order's status goes through
 * `order-state.ts`.
 */
export const orderPaymentClaims = {
  find: (trx: Executor, orderId: string) => ordersRepository(trx).findById(orderId),
  /** True when this payment now holds the order; false when another payment does. */
  claim: (trx: Executor, orderId: string, paymentId: string, at: string) =>
    ordersRepository(trx).claimForPayment(orderId, paymentId, at),
  release: (trx: Executor, orderId: string, paymentId: string, at: string) =>
    ordersRepository(trx).releasePaymentClaim(orderId, paymentId, at),
};
