import { z } from 'zod';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { AmountSchema, CurrencySchema, PositiveAmountSchema } from './money.js';
import { OrderIdSchema, OrderItemIdSchema, OrderSchema, OrderStatusChangeSchema } from './orders.js';

export const PaymentIdSchema = idSchema('pay');
export const RefundIdSchema = idSchema('ref');

export const PAYMENT_PROVIDERS = ['manual', 'test', 'stripe'] as const;
export const PaymentProviderSchema = z.enum(PAYMENT_PROVIDERS).meta({ id: 'PaymentProvider' });
export type PaymentProvider = z.infer<typeof PaymentProviderSchema>;

export const PaymentStatusSchema = z
  .enum(['pending', 'requires_capture', 'succeeded', 'failed', 'canceled'])
  .meta({ id: 'PaymentStatus' });
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/**
 * `POST /v1/orders/:id/payments`. `manual` (admins) records money received outside Tillpoint;
 * `test` takes a test card number (see docs/payments.md); `stripe` takes a PaymentMethod ID.
 */
export const CreatePaymentRequestSchema = z
  .strictObject({
    provider: PaymentProviderSchema,
    captureMethod: z.enum(['automatic', 'manual']).default('automatic'),
    card: z
      .strictObject({ number: z.string().regex(/^[0-9 ]{12,23}$/, 'must be 12-19 digits') })
      .optional()
      .describe('test provider: the test card that picks the outcome'),
    paymentMethod: z
      .string()
      .regex(/^pm_[A-Za-z0-9_]{1,100}$/)
      .optional()
      .describe('stripe provider: a PaymentMethod ID'),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('manual provider: receipt or bank reference'),
  })
  .meta({ id: 'CreatePaymentRequest' });
export type CreatePaymentRequest = z.input<typeof CreatePaymentRequestSchema>;

export const PaymentSchema = z
  .object({
    id: PaymentIdSchema,
    object: z.literal('payment'),
    orderId: OrderIdSchema,
    provider: PaymentProviderSchema,
    status: PaymentStatusSchema,
    amount: AmountSchema.describe('Authorized amount'),
    amountCaptured: AmountSchema,
    amountRefunded: AmountSchema,
    currency: CurrencySchema,
    providerReference: z.string().nullable(),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof PaymentSchema>;

/** `POST /v1/payments/:id/capture` (admin): all of the authorization unless an amount is given. */
export const CapturePaymentRequestSchema = z
  .strictObject({ amount: PositiveAmountSchema.optional() })
  .meta({ id: 'CapturePaymentRequest' });

/** Part of a refund on one order line: units returned (what was paid for them), or an amount of the line. */
export const RefundLineRequestSchema = z
  .union([
    z.strictObject({
      lineId: OrderItemIdSchema,
      quantity: z.number().int().positive().describe('Units returned; refunds what was paid for them'),
    }),
    z.strictObject({
      lineId: OrderItemIdSchema,
      amount: PositiveAmountSchema.describe('Part of the line, tax included; no units returned'),
    }),
  ])
  .meta({ id: 'RefundLineRequest' });

/**
 * `POST /v1/payments/:id/refunds` (admin). For an order from a cart, a refund is planned line by line against what
 * was paid for each line (discounts and tax included), never more: `lines` (units or amounts), `shipping` (`{}` for
 * all of it), and `amount` spread over what is left, applied in that order. Nothing given: all that is left.
 * Orders placed without a cart have no lines to plan: only `amount` (or nothing) applies to them.
 */
export const CreateRefundRequestSchema = z
  .strictObject({
    amount: PositiveAmountSchema.optional(),
    lines: z.array(RefundLineRequestSchema).min(1).max(500).optional(),
    shipping: z
      .strictObject({ amount: PositiveAmountSchema.optional() })
      .optional()
      .describe('Refund shipping: {} for all that is left, or part of it'),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'CreateRefundRequest' });

/** What a refund returned, line by line and on shipping, tax included (orders from a cart). */
export const RefundBreakdownSchema = z
  .object({
    lines: z.array(
      z.object({
        lineId: OrderItemIdSchema,
        quantity: z.number().int().describe('Units returned (0 for an amount)'),
        amount: AmountSchema,
        taxAmount: AmountSchema,
      }),
    ),
    shipping: z.object({ amount: AmountSchema, taxAmount: AmountSchema }),
    taxAmount: AmountSchema,
  })
  .meta({ id: 'RefundBreakdown' });
export type RefundBreakdown = z.infer<typeof RefundBreakdownSchema>;
export type CreateRefundRequest = z.input<typeof CreateRefundRequestSchema>;

export const RefundSchema = z
  .object({
    id: RefundIdSchema,
    object: z.literal('refund'),
    paymentId: PaymentIdSchema,
    amount: PositiveAmountSchema,
    currency: CurrencySchema,
    status: z.enum(['pending', 'succeeded', 'failed']),
    reason: z.string().nullable(),
    providerReference: z.string().nullable(),
    breakdown: RefundBreakdownSchema.nullable().describe(
      'Line by line; null for an order placed without a cart',
    ),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof RefundSchema>;

/** `GET /v1/orders/:id`: the order with its payments, refunds and status history. */
export const OrderDetailSchema = OrderSchema.extend({
  payments: z.array(PaymentSchema),
  refunds: z.array(RefundSchema),
  statusHistory: z.array(OrderStatusChangeSchema),
}).meta({ id: 'OrderDetail' });
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

/** `GET /v1/payments`. */
export const ListPaymentsQuerySchema = PageQuerySchema.extend({
  orderId: OrderIdSchema.optional(),
  status: PaymentStatusSchema.optional(),
}).strict();
export type ListPaymentsQuery = z.input<typeof ListPaymentsQuerySchema>;

/**
 * `POST /v1/webhooks/stripe`: an event as Stripe sends it, verified against its raw bytes with the endpoint's
 * signing secret (`Stripe-Signature`). Only the fields the daemon reads are named; Stripe's others pass.
 */
export const StripeEventSchema = z
  .looseObject({
    id: z.string().describe('evt_…'),
    type: z.string().describe('e.g. "payment_intent.succeeded"'),
    data: z.looseObject({ object: z.looseObject({ id: z.string() }) }),
  })
  .meta({ id: 'StripeEvent' });

/** `POST /v1/webhooks/stripe`: the acknowledgement Stripe gets for a verified event, and what it led to. */
export const StripeWebhookAckSchema = z
  .object({
    received: z.literal(true),
    outcome: z.string().describe('What the event did: "applied", "duplicate", "ignored", …'),
  })
  .meta({ id: 'StripeWebhookAck' });
export type StripeWebhookAck = z.infer<typeof StripeWebhookAckSchema>;
