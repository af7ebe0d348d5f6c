import { z } from 'zod';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { AmountSchema, CurrencySchema, PositiveAmountSchema } from './money.js';
import { OrderIdSchema, OrderSchema, OrderStatusChangeSchema } from './orders.js';

export const PaymentIdSchema = idSchema('pay');
export const RefundIdSchema = idSchema('ref');

export const PAYMENT_PROVIDERS = ['manual', 'test', 'stripe'] as const;
export const PaymentProviderSchema = z.enum(PAYMENT_PROVIDERS);
export type PaymentProvider = z.infer<typeof PaymentProviderSchema>;

export const PaymentStatusSchema = z.enum(['pending', 'requires_capture', 'succeeded', 'failed', 'canceled']);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/**
 * `POST /v1/orders/:id/payments`. `manual` (admins) records money received outside Tillpoint;
 * `test` takes a test card number (see docs/payments.md); `stripe` takes a PaymentMethod ID.
 */
export const CreatePaymentRequestSchema = z.strictObject({
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
});
export type CreatePaymentRequest = z.input<typeof CreatePaymentRequestSchema>;

export const PaymentSchema = z.object({
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
});
export type Payment = z.infer<typeof PaymentSchema>;

/** `POST /v1/payments/:id/capture` (admin): all of the authorization unless an amount is given. */
export const CapturePaymentRequestSchema = z.strictObject({ amount: PositiveAmountSchema.optional() });

/** `POST /v1/payments/:id/refunds` (admin): all that is left unless an amount is given. */
export const CreateRefundRequestSchema = z.strictObject({
  amount: PositiveAmountSchema.optional(),
  reason: z.string().trim().min(1).max(200).optional(),
});
export type CreateRefundRequest = z.input<typeof CreateRefundRequestSchema>;

export const RefundSchema = z.object({
  id: RefundIdSchema,
  object: z.literal('refund'),
  paymentId: PaymentIdSchema,
  amount: PositiveAmountSchema,
  currency: CurrencySchema,
  status: z.enum(['pending', 'succeeded', 'failed']),
  reason: z.string().nullable(),
  providerReference: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type Refund = z.infer<typeof RefundSchema>;

/** `GET /v1/orders/:id`: the order with its payments, refunds and status history. */
export const OrderDetailSchema = OrderSchema.extend({
  payments: z.array(PaymentSchema),
  refunds: z.array(RefundSchema),
  statusHistory: z.array(OrderStatusChangeSchema),
});
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

/** `GET /v1/payments`. */
export const ListPaymentsQuerySchema = PageQuerySchema.extend({
  orderId: OrderIdSchema.optional(),
  status: PaymentStatusSchema.optional(),
}).strict();
export type ListPaymentsQuery = z.input<typeof ListPaymentsQuerySchema>;
