import type { EventType, OrderStatus } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import type { Executor } from '../../db/database-types.js';
import type { Outbox } from '../events/outbox.js';
import { assertTransition } from './order-transitions.js';
import { type OrderRow, ordersRepository, toOrder } from './orders-repository.js';

/** The event each status change writes. */
const EVENT_FOR: Partial<Record<OrderStatus, EventType>> = {
  paid: 'order.paid',
  fulfilled: 'order.fulfilled',
  completed: 'order.completed',
  cancelled: 'order.cancelled',
  partially_refunded: 'order.refunded',
  refunded: 'order.refunded',
};

/** The order changed between reading and writing it; the caller may read it again and retry. */
export class ConcurrentOrderChange extends Error {
  override name = 'ConcurrentOrderChange';
}

/**
 * Moves an order to a new status inside the caller's transaction: checks the transition table,
 * applies the change only if nobody moved the order meanwhile, and records the history row and
 * the event. The one place order status changes.
 */
export async function moveOrder(
  trx: Executor,
  order: OrderRow,
  to: OrderStatus,
  options: {
    changes?: Partial<Pick<OrderRow, 'amount_paid' | 'amount_refunded' | 'active_payment_id'>>;
    reason?: string | null;
    at: string;
    /** Writes the status change's event (and what it causes) in this transaction. */
    outbox: Outbox;
  },
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  assertTransition(from, to);
  const orders = ordersRepository(trx);
  if (!(await orders.transition(order, to, options.changes ?? {}, options.at)))
    throw new ConcurrentOrderChange();
  await orders.recordTransition(order.id, from, to, options.reason ?? null, options.at);
  const moved = (await orders.findById(order.id))!;
  const type = EVENT_FOR[to];
  if (type) {
    const data = toOrder(moved, await orders.itemsOf([moved.id]));
    await options.outbox.append(trx, { type, subjectId: moved.id, ownerId: moved.user_id, data }, options.at);
  }
  return moved;
}

/**
 * Runs `attempt` with a freshly read order until it is not raced (at most 5 times). Under
 * PostgreSQL's READ COMMITTED a re-read inside the same transaction sees the winner's commit.
 */
export async function withFreshOrder<T>(
  trx: Executor,
  orderId: string,
  attempt: (order: OrderRow) => Promise<T>,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    const order = await ordersRepository(trx).findById(orderId);
    if (!order) throw new AppError('not_found', { detail: `No order ${orderId}.` });
    try {
      return await attempt(order);
    } catch (error) {
      if (!(error instanceof ConcurrentOrderChange)) throw error;
      if (tries >= 5) {
        throw new AppError('conflict', {
          detail: 'The order is being changed by other requests; retry.',
          cause: error,
        });
      }
    }
  }
}
