import { z } from 'zod';
import { defineJobType } from '../../queue/job-types.js';
import type { OrdersService } from './orders-service.js';

/** `orders.cancel_overdue`: cancels pending orders unpaid past their deadline and releases their stock. */
export function ordersJobTypes(orders: OrdersService) {
  return [
    defineJobType({
      type: 'orders.cancel_overdue',
      queue: 'data-processing',
      params: z.strictObject({ limit: z.number().int().min(1).max(10_000).default(500) }),
      maxAttempts: 3,
      async handler(params) {
        return { cancelled: await orders.cancelOverdue(params.limit) };
      },
    }),
  ];
}
