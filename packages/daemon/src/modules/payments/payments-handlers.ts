import { z } from 'zod';
import { defineJobType } from '../../queue/job-types.js';
import type { PaymentsService } from './payments-service.js';

/** `payments.reconcile`: settles payments whose provider answer never arrived (see `reconcilePending`). */
export function paymentsJobTypes(payments: () => PaymentsService, defaults: { voidAfterMinutes: number }) {
  return [
    defineJobType({
      type: 'payments.reconcile',
      queue: 'data-processing',
      params: z.strictObject({
        olderThanMinutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60)
          .default(10),
        voidAfterMinutes: z
          .number()
          .int()
          .min(0)
          .max(30 * 24 * 60)
          .optional()
          .describe('Default: the paymentVoidAfterMinutes setting'),
        limit: z.number().int().min(1).max(10_000).default(500),
      }),
      maxAttempts: 3,
      timeoutMs: 10 * 60_000,
      async handler(params) {
        return payments().reconcilePending({
          olderThanMs: params.olderThanMinutes * 60_000,
          voidAfterMs: (params.voidAfterMinutes ?? defaults.voidAfterMinutes) * 60_000,
          limit: params.limit,
        });
      },
    }),
  ];
}
