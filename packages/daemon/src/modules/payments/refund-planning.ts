import type { CreateRefundRequestSchema, RefundBreakdown } from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Executor } from '../../db/database-types.js';
import { planRefund, type RefundRequest, refundableAmounts } from '../../totals/index.js';
import { paidBreakdownOf } from '../orders/order-refund-basis.js';
import { type PaymentRow, paymentsRepository } from './payments-repository.js';

type RefundInput = z.output<typeof CreateRefundRequestSchema>;

/** What a refund returns: its amount and, for an order from a cart, the same amount line by line. */
export interface PlannedRefund {
  amount: number;
  breakdown: RefundBreakdown | null;
}

const nothingLeft = () => new AppError('amount_exceeds_captured', { detail: 'Nothing is left to refund.' });

/**
 * Plans a refund inside the transaction that reserves it, after the payment's row lock, so the refunds before it
 * are all in `history`. An order from a cart is refunded against what was paid for each line and for shipping
 * (the totals engine's `planRefund`): a discounted line gives back its discounted price, never more, however the
 * refunds are split. An order placed without a cart has no lines: it is refunded by amount only.
 */
export async function planPaymentRefund(
  trx: Executor,
  payment: PaymentRow,
  input: RefundInput,
): Promise<PlannedRefund> {
  const paid = await paidBreakdownOf(trx, payment.order_id);
  if (!paid) return byAmountOnly(payment, input);
  const history = await paymentsRepository(trx).refundBreakdownsOfOrder(payment.order_id);
  const asked = input.lines !== undefined || input.shipping !== undefined || input.amount !== undefined;
  const request: RefundRequest = asked
    ? { lines: input.lines, shipping: input.shipping, amount: input.amount }
    : { amount: refundableAmounts(paid, history).amount };
  if (!asked && request.amount === 0) throw nothingLeft();
  const plan = withBodyPaths(() => planRefund(paid, history, request));
  if (plan.amount === 0) throw nothingLeft();
  return {
    amount: plan.amount,
    breakdown: { lines: [...plan.lines], shipping: plan.shipping, taxAmount: plan.taxAmount },
  };
}

function byAmountOnly(payment: PaymentRow, input: RefundInput): PlannedRefund {
  const field = input.lines ? 'lines' : input.shipping ? 'shipping' : undefined;
  if (field) {
    throw new AppError('validation_failed', {
      errors: [
        {
          path: `body.${field}`,
          message: 'the order was placed without a cart and has no lines to refund: give an amount instead',
        },
      ],
    });
  }
  const amount = input.amount ?? payment.amount_captured - payment.amount_refunded;
  if (amount <= 0) throw nothingLeft();
  return { amount, breakdown: null };
}

/** The engine names fields of its own request (`lines.0.quantity`); the caller sent them in the body. */
function withBodyPaths<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed' && error.errors) {
      throw new AppError('validation_failed', {
        errors: error.errors.map((fieldError) => ({ ...fieldError, path: `body.${fieldError.path}` })),
      });
    }
    throw error;
  }
}
