import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, QueryBooleanSchema, TimestampSchema } from './common.js';
import { AmountSchema, CurrencySchema } from './money.js';
import { RegionIdSchema } from './regions.js';

export const ShippingMethodIdSchema = idSchema('shm');

/** Grams, 1 to 10^9. */
const TierGramsSchema = z.number().int().min(1).max(1_000_000_000);

/**
 * How a shipping method is priced, in minor units of its region's currency:
 * - `flat`: always `amount`;
 * - `free_above`: `amount`, or 0 when the subtotal is at least `freeAbove`;
 * - `weight_tiers`: the `amount` of the first tier whose `upToGrams` (inclusive) holds the cart's grams (from the
 *   variants' `grams`); the last tier may have `upToGrams: null` (no upper bound). Heavier carts cannot use it.
 */
export const ShippingRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('flat'), amount: AmountSchema }),
  z.strictObject({ type: z.literal('free_above'), amount: AmountSchema, freeAbove: AmountSchema }),
  z.strictObject({
    type: z.literal('weight_tiers'),
    tiers: z
      .array(z.strictObject({ upToGrams: TierGramsSchema.nullable(), amount: AmountSchema }))
      .min(1)
      .max(50)
      .superRefine((tiers, ctx) => {
        tiers.forEach((tier, i) => {
          const previous = tiers[i - 1];
          if (tier.upToGrams === null && i !== tiers.length - 1) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'upToGrams'],
              message: 'only the last tier may be open',
            });
          }
          if (
            previous?.upToGrams != null &&
            tier.upToGrams !== null &&
            tier.upToGrams <= previous.upToGrams
          ) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'upToGrams'],
              message: 'tiers must be in increasing order of upToGrams',
            });
          }
        });
      }),
  }),
]);
export type ShippingRule = z.infer<typeof ShippingRuleSchema>;

/** A way to ship to a region: a name, a price rule and the subtotals it is offered for. */
export const ShippingMethodSchema = z
  .object({
    id: ShippingMethodIdSchema,
    object: z.literal('shipping_method'),
    regionId: RegionIdSchema,
    name: z.string(),
    currency: CurrencySchema.describe("The region's currency, which every amount here is in"),
    rule: ShippingRuleSchema,
    minSubtotal: z.number().int().nullable().describe('Offered only from this subtotal (inclusive)'),
    maxSubtotal: z.number().int().nullable().describe('Offered only up to this subtotal (inclusive)'),
    active: z.boolean(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'ShippingMethod' });
export type ShippingMethod = z.infer<typeof ShippingMethodSchema>;

function checkSubtotalRange(
  body: { minSubtotal?: number | null | undefined; maxSubtotal?: number | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (body.minSubtotal != null && body.maxSubtotal != null && body.maxSubtotal < body.minSubtotal) {
    ctx.addIssue({ code: 'custom', path: ['maxSubtotal'], message: 'must not be below minSubtotal' });
  }
}

/** `POST /v1/shipping-methods` (admin). Amounts are in the region's currency. */
export const CreateShippingMethodRequestSchema = z
  .strictObject({
    regionId: RegionIdSchema,
    name: labelSchema(100),
    rule: ShippingRuleSchema,
    minSubtotal: AmountSchema.nullable().default(null),
    maxSubtotal: AmountSchema.nullable().default(null),
    active: z.boolean().default(true),
  })
  .superRefine(checkSubtotalRange)
  .meta({ id: 'CreateShippingMethodRequest' });
export type CreateShippingMethodRequest = z.input<typeof CreateShippingMethodRequestSchema>;

/** `PATCH /v1/shipping-methods/:id` (admin). `rule` replaces the whole rule; the region stays. */
export const UpdateShippingMethodRequestSchema = z
  .strictObject({
    name: labelSchema(100).optional(),
    rule: ShippingRuleSchema.optional(),
    minSubtotal: AmountSchema.nullable().optional(),
    maxSubtotal: AmountSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .superRefine(checkSubtotalRange)
  .meta({ id: 'UpdateShippingMethodRequest' });
export type UpdateShippingMethodRequest = z.input<typeof UpdateShippingMethodRequestSchema>;

/** `GET /v1/shipping-methods`: anyone; non-admins see active methods only. */
export const ListShippingMethodsQuerySchema = PageQuerySchema.extend({
  regionId: RegionIdSchema.optional(),
  active: QueryBooleanSchema.optional().describe(
    'Filter by active flag (default: all for admins, active for others)',
  ),
}).strict();
export type ListShippingMethodsQuery = z.input<typeof ListShippingMethodsQuerySchema>;
