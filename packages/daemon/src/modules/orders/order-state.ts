import type { EventType, OrderStatus } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import { AppError } from '../../http/errors/app-error.js';
import { eventsRepository } from '../events/events-repository.js';
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
  },
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  assertTransition(from, to);
  const orders = ordersRepository(trx);
  if (!(await orders.transition(order.id, from, to, options.changes ?? {}, options.at))) {
    const now = await orders.findById(order.id);
    throw new AppError('invalid_transition', {
      detail: `The order changed meanwhile; it is now ${now?.status}.`,
    });
  }
  await orders.recordTransition(order.id, from, to, options.reason ?? null, options.at);
  const moved = (await orders.findById(order.id))!;
  const type = EVENT_FOR[to];
  if (type) {
    const data = toOrder(moved, await orders.itemsOf([moved.id]));
    await eventsRepository(trx).append(
      { type, subjectId: moved.id, ownerId: moved.user_id, data },
      options.at,
    );
  }
  return moved;
}
