import type { OrderStatus } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';

/**
 * The order state machine: from each status, the statuses an order may move to. Nothing else
 * may change an order's status.
 *
 * pending → paid → fulfilled → completed, with cancelled (only while pending) and the refund
 * states reachable from any paid state.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['fulfilled', 'partially_refunded', 'refunded'],
  fulfilled: ['completed', 'partially_refunded', 'refunded'],
  completed: ['partially_refunded', 'refunded'],
  partially_refunded: ['fulfilled', 'completed', 'partially_refunded', 'refunded'],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws 409 `invalid_transition` naming the current status when `from → to` is not allowed. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('invalid_transition', {
      detail: `The order is ${from}; it cannot become ${to}.`,
      errors: [{ path: 'status', message: `current status is ${from}`, code: from }],
    });
  }
}
