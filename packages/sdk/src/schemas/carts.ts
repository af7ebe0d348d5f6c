import { z } from 'zod';
import { AddressSchema } from './addresses.js';
import { idSchema, TimestampSchema } from './common.js';
import { AmountSchema, CurrencySchema } from './money.js';
import { OrderIdSchema } from './orders.js';
import { OrderDetailSchema } from './payments.js';
import { ProductIdSchema, SkuSchema, VariantIdSchema } from './products.js';
import { PromotionCodeSchema, PromotionIdSchema } from './promotions.js';
import { RegionIdSchema } from './regions.js';
import { ShippingMethodIdSchema, ShippingMethodSchema } from './shipping-methods.js';
import { EmailSchema, UserIdSchema } from './users.js';

export const CartIdSchema = idSchema('crt');
export const CartItemIdSchema = idSchema('cti');

/** A cart is `open` until it is completed into an order; a completed cart answers 409 `cart_completed` to changes. */
export const CART_STATUSES = ['open', 'completed'] as const;
export const CartStatusSchema = z.enum(CART_STATUSES).meta({ id: 'CartStatus' });
export type CartStatus = z.infer<typeof CartStatusSchema>;

/** Why a line cannot be bought as it is: the cart answers it, completion refuses it (409 `cart_changed`). */
export const CART_LINE_PROBLEMS = ['not_for_sale', 'price_missing', 'out_of_stock'] as const;
export const CartLineProblemSchema = z.enum(CART_LINE_PROBLEMS).meta({ id: 'CartLineProblem' });

/** One line of a cart with its share of the totals (minor units of the cart's currency; rates in basis points). */
export const CartLineSchema = z
  .object({
    id: CartItemIdSchema,
    variantId: VariantIdSchema,
    productId: ProductIdSchema.nullable().describe('Null when the variant no longer exists'),
    sku: z.string().nullable(),
    name: z.string().nullable(),
    unitPrice: AmountSchema.describe('As listed in the region: with tax when `pricesIncludeTax`'),
    quantity: z.number().int(),
    subtotal: AmountSchema.describe('unitPrice × quantity'),
    discountTotal: AmountSchema,
    taxRate: z.number().int().describe('Basis points: 2000 = 20 %'),
    taxTotal: AmountSchema,
    total: AmountSchema.describe('What the customer pays for the line, tax included'),
    unavailable: CartLineProblemSchema.nullable().describe(
      'Why the line cannot be bought now (its amounts are then 0); null when it can',
    ),
  })
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof CartLineSchema>;

/** A promotion the cart gets: a code the shopper entered, or an automatic one (`code: null`). */
export const CartPromotionSchema = z
  .object({
    id: PromotionIdSchema,
    code: z.string().nullable(),
    amount: AmountSchema.describe('What it takes off, lines and shipping together'),
  })
  .meta({ id: 'CartPromotion' });

/** The chosen shipping method and its price for this cart. */
export const CartShippingMethodSchema = z
  .object({
    id: ShippingMethodIdSchema,
    name: z.string().nullable(),
    amount: AmountSchema.nullable().describe('Its price for the cart; null when it no longer ships the cart'),
    available: z.boolean().describe('False when the method is no longer offered for this cart'),
  })
  .meta({ id: 'CartShippingMethod' });

/** A code on the cart that no longer applies, and why (a promotion rejection code). */
export const CartRejectedCodeSchema = z
  .object({ code: z.string(), reason: z.string() })
  .meta({ id: 'CartRejectedCode' });

/**
 * A cart with its full breakdown, priced now by the same function completion uses. `fingerprint` is a hash of
 * everything that decides the amount: send it back to `complete`, which answers 409 `cart_changed` if it moved.
 */
export const CartSchema = z
  .object({
    id: CartIdSchema,
    object: z.literal('cart'),
    status: CartStatusSchema,
    userId: UserIdSchema.nullable().describe("The customer's ID; null for a guest cart"),
    email: z.string().nullable(),
    regionId: RegionIdSchema.nullable(),
    currency: CurrencySchema,
    pricesIncludeTax: z.boolean(),
    lines: z.array(CartLineSchema),
    subtotal: AmountSchema,
    discountTotal: AmountSchema.describe('Discounts on lines (not shipping)'),
    shippingSubtotal: AmountSchema,
    shippingDiscountTotal: AmountSchema,
    shippingTaxTotal: AmountSchema,
    shippingTotal: AmountSchema.describe('Shipping after discounts, with tax'),
    taxTotal: AmountSchema,
    grandTotal: AmountSchema,
    promotions: z.array(CartPromotionSchema),
    rejectedCodes: z.array(CartRejectedCodeSchema).describe('Entered codes that no longer apply'),
    shippingMethod: CartShippingMethodSchema.nullable(),
    shippingAddress: AddressSchema.nullable(),
    billingAddress: AddressSchema.nullable(),
    orderId: OrderIdSchema.nullable().describe('Set when the cart is completed'),
    fingerprint: z.string().describe('Hash of everything that decides the amount; send it to `complete`'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof CartSchema>;

/** A new guest cart: the cart and its secret token, shown once (also set as an HttpOnly cookie). */
export const CreatedCartSchema = CartSchema.extend({
  cart_token: z
    .string()
    .nullable()
    .describe('Guest carts only: send it as `X-Cart-Token` on every call for this cart; shown once'),
}).meta({ id: 'CreatedCart' });
export type CreatedCart = z.infer<typeof CreatedCartSchema>;

/** `POST /v1/carts`: all optional. Region: the one named, else the only region, else chosen by the shipping address. */
export const CreateCartRequestSchema = z
  .strictObject({
    regionId: RegionIdSchema.optional(),
    currency: CurrencySchema.optional().describe("Default: the region's currency"),
    email: EmailSchema.optional(),
  })
  .meta({ id: 'CreateCartRequest' });
export type CreateCartRequest = z.input<typeof CreateCartRequestSchema>;

/** `POST /v1/carts/:id/items`: a variant by SKU or ID; adding a variant already in the cart adds to its quantity. */
export const AddCartItemRequestSchema = z
  .strictObject({
    sku: SkuSchema.optional(),
    variantId: VariantIdSchema.optional(),
    quantity: z.number().int().min(1).max(10_000),
  })
  .refine((item) => (item.sku === undefined) !== (item.variantId === undefined), {
    message: 'give exactly one of sku or variantId',
  })
  // The refinement above, as the OpenAPI document can say it.
  .meta({ id: 'AddCartItemRequest', oneOf: [{ required: ['sku'] }, { required: ['variantId'] }] });
export type AddCartItemRequest = z.input<typeof AddCartItemRequestSchema>;

/** `PATCH /v1/carts/:id/items/:itemId`: the new quantity (to remove the line, DELETE it). */
export const UpdateCartItemRequestSchema = z
  .strictObject({ quantity: z.number().int().min(1).max(10_000) })
  .meta({ id: 'UpdateCartItemRequest' });
export type UpdateCartItemRequest = z.input<typeof UpdateCartItemRequestSchema>;

/** `PUT /v1/carts/:id/email`. */
export const SetCartEmailRequestSchema = z
  .strictObject({ email: EmailSchema })
  .meta({ id: 'SetCartEmailRequest' });
export type SetCartEmailRequest = z.input<typeof SetCartEmailRequestSchema>;

/** `PUT /v1/carts/:id/shipping-method`. */
export const SetCartShippingMethodRequestSchema = z
  .strictObject({ shippingMethodId: ShippingMethodIdSchema })
  .meta({ id: 'SetCartShippingMethodRequest' });
export type SetCartShippingMethodRequest = z.input<typeof SetCartShippingMethodRequestSchema>;

/** `POST /v1/carts/:id/promotions`: a code, any case. */
export const ApplyCartPromotionRequestSchema = z
  .strictObject({ code: PromotionCodeSchema })
  .meta({ id: 'ApplyCartPromotionRequest' });
export type ApplyCartPromotionRequest = z.input<typeof ApplyCartPromotionRequestSchema>;

/** One shipping method the cart can choose, with its price for the cart. */
export const CartShippingOptionSchema = z
  .object({ method: ShippingMethodSchema, amount: AmountSchema })
  .meta({ id: 'CartShippingOption' });
export type CartShippingOption = z.infer<typeof CartShippingOptionSchema>;

/** `GET /v1/carts/:id/shipping-options`. */
export const CartShippingOptionsSchema = z
  .object({ object: z.literal('list'), data: z.array(CartShippingOptionSchema), has_more: z.literal(false) })
  .meta({ id: 'CartShippingOptionList' });

/** `POST /v1/carts/:id/complete`: the fingerprint of the cart the shopper last saw. */
export const CompleteCartRequestSchema = z
  .strictObject({ fingerprint: z.string().min(1).max(128) })
  .meta({ id: 'CompleteCartRequest' });
export type CompleteCartRequest = z.input<typeof CompleteCartRequestSchema>;

/** What completion answers: the order, and for a guest its secret token (shown once; `X-Order-Token`). */
export const CompletedCartSchema = z
  .object({
    object: z.literal('cart_completion'),
    cartId: CartIdSchema,
    order: OrderDetailSchema,
    order_token: z
      .string()
      .nullable()
      .describe('Guest orders only: send it as `X-Order-Token` to read and pay the order; shown once'),
  })
  .meta({ id: 'CartCompletion' });
export type CompletedCart = z.infer<typeof CompletedCartSchema>;
