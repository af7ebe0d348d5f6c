import { z } from 'zod';
import {
  idSchema,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_MESSAGE,
  PageQuerySchema,
  TimestampSchema,
} from './common.js';
import { AmountSchema, CurrencySchema } from './money.js';

export const ProductIdSchema = idSchema('prd');

/** Letters, digits and `-_.`, 1 to 64 characters; unique across the catalog. */
export const SkuSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** Free-form string pairs: at most 20 keys of up to 40 characters, values up to 500 characters. */
export const MetadataSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9_.-]+$/, 'keys must be letters, digits, "_", "." or "-"'),
    z.string().max(500).regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE),
  )
  .refine((value) => Object.keys(value).length <= 20, { message: 'must have at most 20 keys' });
export type Metadata = z.infer<typeof MetadataSchema>;

const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE);
const DescriptionSchema = z.string().max(5000);

/** A catalog product. `stock` is units on hand, or null when stock is not tracked. */
export const ProductSchema = z.object({
  id: ProductIdSchema,
  object: z.literal('product'),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  price: AmountSchema.describe('Unit price in minor units'),
  currency: CurrencySchema,
  active: z.boolean(),
  stock: z.number().int().nullable().describe('Units on hand; null when stock is not tracked'),
  metadata: z.record(z.string(), z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Product = z.infer<typeof ProductSchema>;

/** `POST /v1/products` (admin). */
export const CreateProductRequestSchema = z.strictObject({
  sku: SkuSchema,
  name: NameSchema,
  description: DescriptionSchema.optional(),
  price: AmountSchema,
  currency: CurrencySchema,
  active: z.boolean().default(true),
  stock: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .nullable()
    .default(null)
    .describe('Initial stock; null = untracked'),
  metadata: MetadataSchema.default({}),
});
export type CreateProductRequest = z.input<typeof CreateProductRequestSchema>;

/** `PATCH /v1/products/:id` (admin). Stock changes go through stock adjustments, which keep a reason. */
export const UpdateProductRequestSchema = z.strictObject({
  name: NameSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
  price: AmountSchema.optional(),
  currency: CurrencySchema.optional(),
  active: z.boolean().optional(),
  metadata: MetadataSchema.optional(),
});
export type UpdateProductRequest = z.input<typeof UpdateProductRequestSchema>;

/** `POST /v1/products/:id/stock-adjustments` (admin): a signed change with a recorded reason. */
export const StockAdjustmentRequestSchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((value) => value !== 0, { message: 'must not be zero' }),
  reason: z.string().trim().min(1).max(200).regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE),
});
export type StockAdjustmentRequest = z.input<typeof StockAdjustmentRequestSchema>;

export const StockAdjustmentSchema = z.object({
  id: idSchema('sta'),
  object: z.literal('stock_adjustment'),
  productId: ProductIdSchema,
  delta: z.number().int(),
  reason: z.string(),
  stockAfter: z.number().int(),
  actor: z.string().describe('Who made it: user:<id>, api_key:<id> or system'),
  createdAt: TimestampSchema,
});
export type StockAdjustment = z.infer<typeof StockAdjustmentSchema>;

/** `GET /v1/products`. Non-admins see active products only. */
export const ListProductsQuerySchema = PageQuerySchema.extend({
  currency: CurrencySchema.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
    .optional()
    .describe('Case-insensitive text match on name or SKU'),
  active: z.stringbool().optional().describe('Admins only: filter by active flag (default: all for admins)'),
}).strict();
export type ListProductsQuery = z.input<typeof ListProductsQuerySchema>;

/**
 * One row of a product import (`imports.products`, CSV with a header row or JSONL). Rows are upserted by SKU:
 * a new SKU is created (with `stock` as its initial stock), an existing one is updated (`stock` is ignored: stock
 * changes go through adjustments, which keep their reasons).
 */
export const ProductImportRowSchema = z.strictObject({
  sku: SkuSchema,
  name: NameSchema,
  description: DescriptionSchema.optional(),
  price: z.coerce.number().pipe(AmountSchema),
  currency: CurrencySchema,
  active: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
    .transform(
      (value) => value === true || value === 'true' || value === '1' || value === 'yes' || value === '',
    )
    .optional(),
  stock: z
    .union([z.literal(''), z.coerce.number().int().min(0).max(1_000_000_000)])
    .transform((value) => (value === '' ? null : value))
    .optional(),
});
export type ProductImportRow = z.input<typeof ProductImportRowSchema>;
