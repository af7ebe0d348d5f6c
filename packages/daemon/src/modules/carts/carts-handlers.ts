import { z } from 'zod';
import { defineJobType } from '../../queue/job-types.js';
import type { CartsService } from './carts-service.js';

/** `carts.expire`: deletes open carts untouched for longer than `cartTtlDays` (the `carts-expire` schedule). */
export function cartsJobTypes(carts: () => CartsService) {
  return [
    defineJobType({
      type: 'carts.expire',
      queue: 'data-processing',
      params: z.strictObject({ limit: z.number().int().min(1).max(100_000).default(1000) }),
      maxAttempts: 3,
      async handler(params) {
        return { deleted: await carts().expire(params.limit) };
      },
    }),
  ];
}
