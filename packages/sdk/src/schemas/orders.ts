import { z } from 'zod';
import { AddressSchema } from './addresses.js';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { AmountSchema, CurrencySchema } from './money.js';
import { ProductIdSchema, SkuSchema, VariantIdSchema } from './products.js';
import { UserIdSchema } from './users.js';

export const OrderIdSchema = idSchema('ord');

/** Order states. The allowed moves between them are one table in the daemon (`order-transitions.ts`). */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'fulfilled',
  'completed',
  'cancelled',
  'partially_refunded',
  'refunded',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES).meta({ id: 'OrderStatus' });
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/**
 * One line of a new order: a variant by SKU or by ID, or a single-variant product by ID, and a quantity.
 */
export const OrderItemInputSchema = z
  .strictObject({
    sku: SkuSchema.optional().describe("A variant's SKU"),
    variantId: VariantIdSchema.optional(),
    productId: ProductIdSchema.optional().describe('Only for a product with one variant'),
    quantity: z.number().int().min(1).max(10_000),
    unitPrice: z.unknown().optional().describe('Ignored: the server prices every line from the catalog'),
  })
  .refine((item) => [item.sku, item.variantId, item.productId].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of sku, variantId or productId',
  })
  // The refinement above, as the OpenAPI document can say it.
  .meta({
    id: 'OrderItemRequest',
    oneOf: [{ required: ['sku'] }, { required: ['variantId'] }, { required: ['productId'] }],
  });
export type OrderItemInput = z.input<typeof OrderItemInputSchema>;

/** `POST /v1/orders`. Totals are computed by the server from current prices. */
export const CreateOrderRequestSchema = z
  .strictObject({
    items: z.array(OrderItemInputSchema).min(1).max(100),
    currency: CurrencySchema.optional().describe(
      "The order's currency; every line is priced in it. Default: the currency of the first line's first price",
    ),
    userId: UserIdSchema.optional().describe('Admins only: place the order for this user'),
  })
  .meta({ id: 'CreateOrderRequest' });
export type CreateOrderRequest = z.input<typeof CreateOrderRequestSchema>;

/** An order line's ID (`oit_…`): what per-line refunds name. */
export const OrderItemIdSchema = idSchema('oit');

export const OrderItemSchema = z
  .object({
    id: OrderItemIdSchema,
    productId: ProductIdSchema,
    variantId: VariantIdSchema,
    sku: z.string(),
    name: z.string().describe('Product name, with the variant title for products that have options'),
    unitPrice: AmountSchema,
    quantity: z.number().int(),
    lineTotal: AmountSchema.describe('unitPrice × quantity, before discounts'),
    discountTotal: AmountSchema.describe('Discounts on this line (0 for orders placed without a cart)'),
    taxRate: z.number().int().describe('Basis points: 2000 = 20 %'),
    taxTotal: AmountSchema.describe('Tax in `total`'),
    total: AmountSchema.describe('What was charged for the line, after discounts, tax included'),
  })
  .meta({ id: 'OrderItem' });
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderStatusChangeSchema = z
  .object({
    from: OrderStatusSchema.nullable(),
    to: OrderStatusSchema,
    reason: z.string().nullable(),
    at: TimestampSchema,
  })
  .meta({ id: 'OrderStatusChange' });

/** An order. Amounts are minor units of `currency`. */
export const OrderSchema = z
  .object({
    id: OrderIdSchema,
    object: z.literal('order'),
    userId: UserIdSchema.nullable(),
    status: OrderStatusSchema,
    currency: CurrencySchema,
    items: z.array(OrderItemSchema),
    email: z.string().nullable().describe('Where confirmations go (a guest order has no user)'),
    cartId: z.string().nullable().describe('The cart the order was completed from'),
    regionId: z.string().nullable(),
    pricesIncludeTax: z.boolean().nullable().describe('Null for orders placed without a cart'),
    subtotal: AmountSchema.describe('Σ line subtotals before discounts'),
    discountTotal: AmountSchema.describe('Discounts on lines'),
    shippingTotal: AmountSchema.describe('Shipping after discounts, with tax'),
    taxTotal: AmountSchema,
    shippingAddress: AddressSchema.nullable(),
    billingAddress: AddressSchema.nullable(),
    shippingMethod: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The shipping method chosen in the cart'),
    total: AmountSchema.describe('What the customer pays (the grand total)'),
    amountPaid: AmountSchema.describe('Captured so far'),
    amountRefunded: AmountSchema,
    paymentDueAt: TimestampSchema.nullable().describe('A pending order is cancelled when unpaid by then'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof OrderSchema>;

/** `GET /v1/orders`. */
export const ListOrdersQuerySchema = PageQuerySchema.extend({
  status: OrderStatusSchema.optional(),
  userId: UserIdSchema.optional().describe('Admins only'),
  currency: CurrencySchema.optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional().describe('Created at or after'),
  createdTo: z.iso.datetime({ offset: true }).optional().describe('Created before'),
  sort: z
    .enum(['created', '-created'])
    .default('-created')
    .describe('"-created" (newest first, default) or "created"'),
}).strict();
export type ListOrdersQuery = z.input<typeof ListOrdersQuerySchema>;

/** `POST /v1/orders/:id/cancel|fulfill|complete`: an optional reason for the status history. */
export const OrderTransitionRequestSchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'OrderTransitionRequest' });
