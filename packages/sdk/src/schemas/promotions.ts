import { z } from 'zod';
import { CollectionIdSchema } from './collections.js';
import { idSchema, labelSchema, PageQuerySchema, QueryBooleanSchema, TimestampSchema } from './common.js';
import { PriceSchema, PricesSchema, ProductIdSchema, VariantIdSchema } from './products.js';
import { BasisPointsSchema } from './tax-rates.js';

export const PromotionIdSchema = idSchema('pro');

/**
 * A promotion code as shoppers type it: 1 to 40 letters, digits, `-` or `_`. Codes are case-insensitive: they
 * are stored and shown upper-cased, and unique in that form.
 */
export const PromotionCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, "-" or "_"')
  .transform((code) => code.toUpperCase());

/**
 * What a promotion takes off: a percentage (in basis points: 1500 = 15 %, 10 000 = all of it) or a fixed amount,
 * given per currency (a cart in a currency without an amount cannot use it).
 */
export const PromotionDiscountSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('percentage'), bps: BasisPointsSchema.min(1).max(10_000) }),
  z.strictObject({ type: z.literal('fixed'), amounts: PricesSchema }),
]);
export type PromotionDiscount = z.infer<typeof PromotionDiscountSchema>;

const TargetIdsSchema = <T extends z.ZodType>(id: T) => z.array(id).max(500).default([]);

/**
 * What the discount applies to: the order subtotal, the lines of listed variants, products or collections (a line
 * matches when any list names it), or shipping (100 % off shipping = free shipping).
 */
export const PromotionTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('order') }),
  z
    .strictObject({
      type: z.literal('items'),
      variantIds: TargetIdsSchema(VariantIdSchema),
      productIds: TargetIdsSchema(ProductIdSchema),
      collectionIds: TargetIdsSchema(CollectionIdSchema),
    })
    .refine((t) => t.variantIds.length + t.productIds.length + t.collectionIds.length > 0, {
      message: 'name at least one variant, product or collection',
    }),
  z.strictObject({ type: z.literal('shipping') }),
]);
export type PromotionTarget = z.infer<typeof PromotionTargetSchema>;

/** A discount that a code unlocks, or that applies by itself (`code: null`). */
export const PromotionSchema = z
  .object({
    id: PromotionIdSchema,
    object: z.literal('promotion'),
    code: z.string().nullable().describe('Upper-cased; null for an automatic promotion'),
    automatic: z.boolean().describe('True when it has no code and applies by itself'),
    name: z.string(),
    description: z.string().nullable(),
    discount: PromotionDiscountSchema,
    target: PromotionTargetSchema,
    minimumSubtotal: z
      .array(PriceSchema)
      .describe('Per currency; empty = no minimum. A cart in another currency cannot use it'),
    startsAt: TimestampSchema.nullable(),
    endsAt: TimestampSchema.nullable(),
    usageLimit: z.number().int().nullable().describe('Total uses allowed; null = unlimited'),
    usageCount: z.number().int().describe('Uses so far (completed orders)'),
    perCustomerLimit: z
      .number()
      .int()
      .nullable()
      .describe('Uses per account or guest email; null = unlimited'),
    combinable: z
      .boolean()
      .describe('Whether it combines with other promotions; a cart has at most one that does not'),
    active: z.boolean(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Promotion' });
export type Promotion = z.infer<typeof PromotionSchema>;

const LimitSchema = z.number().int().min(1).max(1_000_000_000);
const MinimumSchema = z
  .array(PriceSchema)
  .max(20)
  .refine((prices) => new Set(prices.map((p) => p.currency)).size === prices.length, {
    message: 'must give at most one amount per currency',
  });

function checkWindow(
  body: { startsAt?: string | null | undefined; endsAt?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (body.startsAt && body.endsAt && Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
}

/** `POST /v1/promotions` (admin). A code another promotion has (in any case) is 409 `code_taken`. */
export const CreatePromotionRequestSchema = z
  .strictObject({
    code: PromotionCodeSchema.nullable().default(null).describe('Absent or null: automatic'),
    name: labelSchema(200),
    description: z.string().max(2000).nullable().default(null),
    discount: PromotionDiscountSchema,
    target: PromotionTargetSchema.default({ type: 'order' }),
    minimumSubtotal: MinimumSchema.default([]),
    startsAt: TimestampSchema.nullable().default(null),
    endsAt: TimestampSchema.nullable().default(null),
    usageLimit: LimitSchema.nullable().default(null),
    perCustomerLimit: LimitSchema.nullable().default(null),
    combinable: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .superRefine(checkWindow)
  .meta({ id: 'CreatePromotionRequest' });
export type CreatePromotionRequest = z.input<typeof CreatePromotionRequestSchema>;

/** `PATCH /v1/promotions/:id` (admin): only the given fields change; `discount`, `target` and lists are replaced. */
export const UpdatePromotionRequestSchema = z
  .strictObject({
    code: PromotionCodeSchema.nullable().optional(),
    name: labelSchema(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    discount: PromotionDiscountSchema.optional(),
    target: PromotionTargetSchema.optional(),
    minimumSubtotal: MinimumSchema.optional(),
    startsAt: TimestampSchema.nullable().optional(),
    endsAt: TimestampSchema.nullable().optional(),
    usageLimit: LimitSchema.nullable().optional(),
    perCustomerLimit: LimitSchema.nullable().optional(),
    combinable: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .superRefine(checkWindow)
  .meta({ id: 'UpdatePromotionRequest' });
export type UpdatePromotionRequest = z.input<typeof UpdatePromotionRequestSchema>;

/** `GET /v1/promotions` (admin). */
export const ListPromotionsQuerySchema = PageQuerySchema.extend({
  code: z
    .string()
    .trim()
    .max(40)
    .transform((code) => code.toUpperCase())
    .optional()
    .describe('Only the promotion with this code (any case)'),
  active: QueryBooleanSchema.optional(),
}).strict();
export type ListPromotionsQuery = z.input<typeof ListPromotionsQuerySchema>;

/**
 * Why a promotion cannot apply to a cart: each is also an error code (422) the storefront can show.
 */
export const PROMOTION_REJECTIONS = [
  'promotion_not_found',
  'promotion_inactive',
  'promotion_not_started',
  'promotion_expired',
  'promotion_usage_exhausted',
  'promotion_customer_limit_reached',
  'promotion_not_applicable',
  'minimum_not_met',
  'promotion_not_combinable',
] as const;
export type PromotionRejection = (typeof PROMOTION_REJECTIONS)[number];
