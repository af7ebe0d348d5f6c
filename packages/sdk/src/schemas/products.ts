import { z } from 'zod';
import {
  idSchema,
  labelSchema,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_MESSAGE,
  PageQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
} from './common.js';
import { MediaSchema } from './media.js';
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

const NameSchema = labelSchema(200);
const DescriptionSchema = z.string().max(5000);

/**
 * A product's URL slug: lower-case letters, digits and single hyphens, e.g. `linen-shirt`. Unique across products;
 * minted from the name when not given.
 */
export const HandleSchema = z
  .string()
  .trim()
  .max(100)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case letters, digits and single hyphens, e.g. "linen-shirt"',
  );

/** One price of a variant: an amount in minor units of one currency. */
export const PriceSchema = z.object({ currency: CurrencySchema, amount: AmountSchema }).meta({ id: 'Price' });
export type Price = z.infer<typeof PriceSchema>;

/** A variant's prices, at most one per currency. */
export const PricesSchema = z
  .array(PriceSchema)
  .min(1)
  .max(20)
  .refine((prices) => new Set(prices.map((p) => p.currency)).size === prices.length, {
    message: 'must give at most one price per currency',
  });

const OptionNameSchema = labelSchema(40);
const OptionValueSchema = labelSchema(60);

/** One option of a product and the values it may take, e.g. `{ name: 'Size', values: ['S', 'M', 'L'] }`. */
export const ProductOptionSchema = z
  .object({
    name: OptionNameSchema,
    values: z
      .array(OptionValueSchema)
      .min(1)
      .max(100)
      .refine((values) => new Set(values).size === values.length, { message: 'must not repeat a value' }),
  })
  .meta({ id: 'ProductOption' });
export type ProductOption = z.infer<typeof ProductOptionSchema>;

/** A product's options (at most 3, each name once). */
export const ProductOptionsSchema = z
  .array(ProductOptionSchema)
  .max(3)
  .refine((options) => new Set(options.map((o) => o.name)).size === options.length, {
    message: 'must not repeat an option name',
  });

/** A variant's choice for each of its product's options, e.g. `{ Size: 'M', Colour: 'red' }`. */
export const VariantOptionsSchema = z.record(OptionNameSchema, OptionValueSchema);

/** Units on hand: 0 to 10^9, or null when stock is not tracked. */
const StockSchema = z.number().int().min(0).max(1_000_000_000).nullable();
/** Shipping weight in grams. */
const GramsSchema = z.number().int().min(0).max(1_000_000_000);
/** A tax category such as `reduced` or `books`; no category means the default rate. */
export const TaxCategorySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, "_" or "-"');

const VariantTitleSchema = labelSchema(200);

export const VariantIdSchema = idSchema('var');

/** A sellable variant of a product: its own SKU, prices, stock, weight and tax category. */
export const VariantSchema = z
  .object({
    id: VariantIdSchema,
    object: z.literal('variant'),
    productId: ProductIdSchema,
    sku: z.string(),
    title: z.string().describe('The option values joined by " / ", or "Default"'),
    options: z.record(z.string(), z.string()),
    prices: z.array(PriceSchema),
    stock: z.number().int().nullable().describe('Units on hand; null when stock is not tracked'),
    grams: z.number().int().nullable(),
    taxCategory: z.string().nullable(),
    active: z.boolean().describe('False once archived'),
    position: z.number().int(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Variant' });
export type Variant = z.infer<typeof VariantSchema>;

/** `POST /v1/products/:id/variants` (admin), and each entry of `variants` when creating a product. */
export const CreateVariantRequestSchema = z
  .strictObject({
    sku: SkuSchema,
    title: VariantTitleSchema.optional(),
    options: VariantOptionsSchema.default({}).describe("One value for each of the product's options"),
    prices: PricesSchema,
    stock: StockSchema.default(null).describe('Initial stock; null = untracked'),
    grams: GramsSchema.nullable().default(null),
    taxCategory: TaxCategorySchema.nullable().default(null),
  })
  .meta({ id: 'CreateVariantRequest' });
export type CreateVariantRequest = z.input<typeof CreateVariantRequestSchema>;

/** `PATCH /v1/variants/:id` (admin). `prices` replaces the whole list; stock changes go through adjustments. */
export const UpdateVariantRequestSchema = z
  .strictObject({
    sku: SkuSchema.optional(),
    title: VariantTitleSchema.optional(),
    options: VariantOptionsSchema.optional(),
    prices: PricesSchema.optional(),
    grams: GramsSchema.nullable().optional(),
    taxCategory: TaxCategorySchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'UpdateVariantRequest' });
export type UpdateVariantRequest = z.input<typeof UpdateVariantRequestSchema>;

/** `GET /v1/products/:id/variants`. */
export const ListVariantsQuerySchema = PageQuerySchema.extend({
  active: QueryBooleanSchema.optional().describe(
    'Filter by active flag (default: all for admins, active for others)',
  ),
}).strict();
export type ListVariantsQuery = z.input<typeof ListVariantsQuerySchema>;

/**
 * A catalog product with its options and variants. `sku`, `price`, `currency` and `stock` are those of the default
 * variant (the first active one), so clients written for one-SKU products keep working.
 */
export const ProductSchema = z
  .object({
    id: ProductIdSchema,
    object: z.literal('product'),
    handle: z.string(),
    sku: z.string().describe("The default variant's SKU"),
    name: z.string(),
    description: z.string().nullable(),
    price: AmountSchema.describe("The default variant's first price, in minor units"),
    currency: CurrencySchema.describe("The currency of the default variant's first price"),
    active: z.boolean(),
    stock: z.number().int().nullable().describe("The default variant's units on hand; null when not tracked"),
    options: z.array(ProductOptionSchema),
    variants: z.array(VariantSchema),
    media: z
      .array(MediaSchema)
      .default([])
      .describe('Its images in order of position (absent from daemons before media: read as none)'),
    metadata: z.record(z.string(), z.string()),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof ProductSchema>;

/**
 * `POST /v1/products` (admin). Either the simple form (`sku`, `price`, `currency`, `stock`: one default variant) or
 * the variant form (`options` and `variants`), not both.
 */
export const CreateProductRequestSchema = z
  .strictObject({
    name: NameSchema,
    handle: HandleSchema.optional().describe('URL slug; minted from the name when absent'),
    description: DescriptionSchema.optional(),
    active: z.boolean().default(true),
    metadata: MetadataSchema.default({}),
    sku: SkuSchema.optional().describe('Simple form: the SKU of the one default variant'),
    price: AmountSchema.optional().describe('Simple form: its price in minor units'),
    currency: CurrencySchema.optional().describe('Simple form: the currency of that price'),
    stock: StockSchema.optional().describe('Simple form: initial stock; null or absent = untracked'),
    options: ProductOptionsSchema.optional(),
    variants: z.array(CreateVariantRequestSchema).min(1).max(100).optional(),
  })
  .superRefine((body, ctx) => {
    const simple = (['sku', 'price', 'currency', 'stock'] as const).filter((key) => body[key] !== undefined);
    if (body.variants) {
      for (const key of simple) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'give either variants or sku/price/currency/stock',
        });
      }
      return;
    }
    if (body.options?.length) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'required when the product has options' });
    }
    for (const key of ['sku', 'price', 'currency'] as const) {
      if (body[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'required (or give variants)' });
      }
    }
  })
  .meta({ id: 'CreateProductRequest' });
export type CreateProductRequest = z.input<typeof CreateProductRequestSchema>;

/**
 * `PATCH /v1/products/:id` (admin). `price` and `currency` change the price of a single-variant product (use
 * `PATCH /v1/variants/:id` otherwise). `options` replaces the options: variants get the first value of an added
 * option and lose a removed one. Stock changes go through stock adjustments, which keep a reason.
 */
export const UpdateProductRequestSchema = z
  .strictObject({
    name: NameSchema.optional(),
    handle: HandleSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    price: AmountSchema.optional(),
    currency: CurrencySchema.optional(),
    active: z.boolean().optional(),
    options: ProductOptionsSchema.optional(),
    metadata: MetadataSchema.optional(),
  })
  .meta({ id: 'UpdateProductRequest' });
export type UpdateProductRequest = z.input<typeof UpdateProductRequestSchema>;

/** `POST /v1/products/:id/stock-adjustments` (admin): a signed change with a recorded reason. */
export const StockAdjustmentRequestSchema = z
  .strictObject({
    delta: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((value) => value !== 0, { message: 'must not be zero' }),
    reason: labelSchema(200),
  })
  .meta({ id: 'StockAdjustmentRequest' });
export type StockAdjustmentRequest = z.input<typeof StockAdjustmentRequestSchema>;

export const StockAdjustmentSchema = z
  .object({
    id: idSchema('sta'),
    object: z.literal('stock_adjustment'),
    productId: ProductIdSchema,
    variantId: VariantIdSchema,
    delta: z.number().int(),
    reason: z.string(),
    stockAfter: z.number().int(),
    actor: z.string().describe('Who made it: user:<id>, api_key:<id> or system'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'StockAdjustment' });
export type StockAdjustment = z.infer<typeof StockAdjustmentSchema>;

/** An amount in a query string: digits only, so an empty `?minPrice=` is an error rather than 0. */
const QueryAmountSchema = z
  .string()
  .trim()
  .regex(/^\d{1,13}$/, 'must be a whole number of minor units, e.g. 1999')
  .transform(Number)
  .pipe(AmountSchema);

/** `GET /v1/products`. Non-admins see active products only. With `q`, results are ranked by relevance. */
export const ListProductsQuerySchema = PageQuerySchema.extend({
  currency: CurrencySchema.optional().describe('Only products with a price in this currency'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
    .optional()
    .describe(
      'Full-text search over name, description, SKUs and option values (prefixes match; accents ignored)',
    ),
  collection: z.string().trim().min(1).max(100).optional().describe('A collection ID or handle'),
  minPrice: QueryAmountSchema.optional().describe('Lowest price, in minor units of `currency`'),
  maxPrice: QueryAmountSchema.optional().describe('Highest price, in minor units of `currency`'),
  inStock: QueryBooleanSchema.optional().describe(
    'true: only products with an active variant in stock or untracked; false: only those with none',
  ),
  active: QueryBooleanSchema.optional().describe(
    'Admins only: filter by active flag (default: all for admins)',
  ),
})
  .strict()
  .superRefine((query, ctx) => {
    for (const key of ['minPrice', 'maxPrice'] as const) {
      if (query[key] !== undefined && !query.currency) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'needs currency: a price range is in one currency',
        });
      }
    }
  });
export type ListProductsQuery = z.input<typeof ListProductsQuerySchema>;

/** A cell that must hold a number: CSV gives text, JSONL may give a number; an empty cell is an error, never 0. */
function requiredNumber<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : value),
    z.custom((value) => value !== undefined, { message: 'is empty; a value is required' }).pipe(schema),
  );
}

/** A cell that may be left empty (absent: unchanged on update); otherwise a number, or null in JSONL to clear. */
function optionalNumber<T extends z.ZodType>(schema: T) {
  return z
    .preprocess(
      (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : value),
      schema.nullable().optional(),
    )
    .optional();
}

/** An optional text cell: empty means absent. */
function optionalText<T extends z.ZodType>(schema: T) {
  return z
    .preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional())
    .optional();
}

/**
 * One row of a product import (`imports.products`, CSV with a header row or JSONL): one variant. Rows with the same
 * `handle` are variants of one product (a row without a handle is a product of its own, its handle minted from the
 * name). Options are columns: `option1_name`/`option1_value` up to `option3_…`. Variants are upserted by SKU: a new
 * SKU is created (with `stock` as its initial stock), an existing one is updated (`stock` is ignored: stock changes
 * go through adjustments, which keep their reasons). An empty required cell is a row error naming the column.
 */
export const ProductImportRowSchema = z.strictObject({
  handle: optionalText(HandleSchema),
  sku: SkuSchema,
  name: NameSchema,
  description: optionalText(DescriptionSchema),
  price: requiredNumber(AmountSchema),
  currency: CurrencySchema,
  active: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
    .transform(
      (value) => value === true || value === 'true' || value === '1' || value === 'yes' || value === '',
    )
    .optional(),
  stock: optionalNumber(z.number().int().min(0).max(1_000_000_000)),
  grams: optionalNumber(GramsSchema),
  tax_category: optionalText(TaxCategorySchema),
  option1_name: optionalText(OptionNameSchema),
  option1_value: optionalText(OptionValueSchema),
  option2_name: optionalText(OptionNameSchema),
  option2_value: optionalText(OptionValueSchema),
  option3_name: optionalText(OptionNameSchema),
  option3_value: optionalText(OptionValueSchema),
});
export type ProductImportRow = z.input<typeof ProductImportRowSchema>;
