import type {
  CreatePaymentRequestSchema,
  CreateRefundRequestSchema,
  ListPaymentsQuerySchema,
  Payment,
  PaymentStatus,
  Refund,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { faultPoint } from '../../infra/fault-points.js';
import { newId } from '../../infra/ids.js';
import type { Logger } from '../../infra/logger.js';
import {
  type AuthorizeResult,
  type CancelResult,
  type ProviderEvent,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '../../payments/payment-provider.js';
import type { PaymentProviders } from '../../payments/payment-providers.js';
import type { Outbox } from '../events/outbox.js';
import { mayAccessOrder } from '../orders/order-access.js';
import type { OrderLinkTokens } from '../orders/order-link-tokens.js';
import { orderPaymentClaims } from '../orders/order-payment-claims.js';
import { moveOrder, withFreshOrder } from '../orders/order-state.js';
import { type PaymentRow, paymentsRepository, toPayment, toRefund } from './payments-repository.js';
import { planPaymentRefund } from './refund-planning.js';

/**
 * Payments and refunds. Provider calls happen between two transactions: the first records the
 * intent (and claims the order), the second records the outcome with its order change and events.
 * If the provider's answer is lost, the payment stays `pending` and the order stays claimed, so
 * it can be reconciled but never paid twice.
 */
export function createPaymentsService(deps: {
  outbox: Outbox;
  db: Database;
  clock: Clock;
  providers: PaymentProviders;
  logger: Logger;
  orderLinks: Pick<OrderLinkTokens, 'verify'>;
}) {
  const { db, clock, providers } = deps;
  const nowIso = () => clock.now().toISOString();

  async function visiblePayment(trx: Executor, principal: Principal, id: string): Promise<PaymentRow> {
    const payment = await paymentsRepository(trx).findById(id);
    const order = payment ? await orderPaymentClaims.find(trx, payment.order_id) : undefined;
    if (!payment || !order || (principal.role !== 'admin' && order.user_id !== actingUserId(principal))) {
      throw new AppError('not_found', { detail: `No payment ${id}.` });
    }
    return payment;
  }

  async function paymentEvent(
    trx: Executor,
    payment: PaymentRow,
    type:
      | 'payment.succeeded'
      | 'payment.failed'
      | 'payment.requires_capture'
      | 'payment.refunded'
      | 'payment.canceled',
    at: string,
  ) {
    const order = await orderPaymentClaims.find(trx, payment.order_id);
    await deps.outbox.append(
      trx,
      { type, subjectId: payment.id, ownerId: order?.user_id ?? null, data: toPayment(payment) },
      at,
    );
  }

  /** Applies a provider outcome to a payment still in `from`, with the order change and events, in one transaction. */
  async function applyOutcome(
    trx: Executor,
    payment: PaymentRow,
    result: AuthorizeResult,
    at: string,
  ): Promise<PaymentRow> {
    const payments = paymentsRepository(trx);
    const from = payment.status as PaymentStatus;
    const to: PaymentStatus = result.status;
    // A webhook may settle a payment before the request that created it records the provider's first
    // answer; a settled payment never goes back.
    if (from === 'succeeded' || from === 'failed' || from === 'canceled') return payment;
    if (to === from) {
      // Still pending: keep the provider's reference, which its later webhook will name.
      if (result.reference && result.reference !== payment.provider_reference) {
        await payments.setReference(payment.id, result.reference, at);
      }
      return (await payments.findById(payment.id))!;
    }
    const changes =
      result.status === 'succeeded'
        ? {
            amount_captured: result.amountCaptured,
            provider_reference: result.reference ?? payment.provider_reference,
          }
        : result.status === 'failed'
          ? {
              failure_code: result.failureCode,
              failure_message: result.failureMessage,
              provider_reference: result.reference ?? payment.provider_reference,
            }
          : { provider_reference: result.reference ?? payment.provider_reference };
    if (
      !(await payments.transition(
        payment.id,
        from,
        to,
        changes,
        result.status === 'failed' ? result.failureCode : null,
        at,
      ))
    ) {
      throw new AppError('invalid_transition', { detail: 'The payment changed meanwhile.' });
    }
    const updated = (await payments.findById(payment.id))!;
    if (to === 'succeeded') {
      await paymentEvent(trx, updated, 'payment.succeeded', at);
      const order = (await orderPaymentClaims.find(trx, updated.order_id))!;
      await moveOrder(trx, order, 'paid', {
        outbox: deps.outbox,
        changes: { amount_paid: order.amount_paid + updated.amount_captured },
        at,
      });
    } else if (to === 'failed') {
      await paymentEvent(trx, updated, 'payment.failed', at);
      await orderPaymentClaims.release(trx, updated.order_id, updated.id, at);
    } else if (to === 'requires_capture') {
      await paymentEvent(trx, updated, 'payment.requires_capture', at);
    }
    return updated;
  }

  /** Maps a provider call's failure to the API error that tells the caller what happened. */
  function providerFailure(error: unknown): unknown {
    if (error instanceof ProviderRejectedError) {
      return new AppError('provider_rejected', {
        detail: error.message,
        errors: [{ path: 'body', message: error.message, code: error.code }],
        cause: error,
      });
    }
    if (error instanceof ProviderUnavailableError)
      return new AppError('provider_unavailable', { cause: error });
    return error;
  }

  function declined(payment: PaymentRow): AppError {
    return new AppError('payment_failed', {
      detail: `The payment was declined: ${payment.failure_message ?? payment.failure_code}`,
      errors: [
        {
          path: 'body',
          message: payment.failure_message ?? 'declined',
          code: payment.failure_code ?? 'declined',
        },
      ],
    });
  }

  /** Asks the payment's provider to void it; what the provider says happened to it. */
  async function cancelAtProvider(payment: PaymentRow): Promise<CancelResult> {
    try {
      return await providers[payment.provider as keyof PaymentProviders].cancel(
        payment.provider_reference,
        payment.id,
      );
    } catch (error) {
      throw providerFailure(error);
    }
  }

  /**
   * Records the provider's answer to a void, in one transaction: the payment becomes `canceled` and gives the order
   * back (it can be paid again, cancelled, or auto-cancelled), or it takes the outcome it reached first.
   */
  async function recordCancel(trx: Executor, paymentId: string, result: CancelResult, at: string) {
    const current = (await paymentsRepository(trx).findById(paymentId))!;
    if (result.status !== 'canceled') return applyOutcome(trx, current, result, at);
    const from = current.status as PaymentStatus;
    if (from !== 'pending' && from !== 'requires_capture') return current;
    const reference = { provider_reference: result.reference ?? current.provider_reference };
    if (!(await paymentsRepository(trx).transition(current.id, from, 'canceled', reference, 'voided', at))) {
      throw new AppError('invalid_transition', { detail: 'The payment changed meanwhile.' });
    }
    const updated = (await paymentsRepository(trx).findById(current.id))!;
    await paymentEvent(trx, updated, 'payment.canceled', at);
    await orderPaymentClaims.release(trx, updated.order_id, updated.id, at);
    return updated;
  }

  const service = {
    async create(
      principal: Principal,
      orderId: string,
      input: z.output<typeof CreatePaymentRequestSchema>,
      onCommit?: CommitHook,
      orderToken?: string | null,
    ): Promise<Payment> {
      if (input.provider === 'manual' && principal.role !== 'admin') {
        throw new AppError('permission_denied', { detail: 'Only admins may record manual payments.' });
      }
      if (input.provider === 'test' && !input.card) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.card', message: 'required for the test provider' }],
        });
      }
      if (input.provider === 'stripe' && !input.paymentMethod) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.paymentMethod', message: 'required for the stripe provider' }],
        });
      }
      const paymentId = newId('payment');
      const pending = await db.transaction().execute(async (trx) => {
        const order = await orderPaymentClaims.find(trx, orderId);
        if (!order || !mayAccessOrder(order, principal, orderToken, deps.orderLinks)) {
          throw new AppError('not_found', { detail: `No order ${orderId}.` });
        }
        if (order.status !== 'pending') {
          throw new AppError('invalid_transition', {
            detail: `The order is ${order.status}; only pending orders can be paid.`,
          });
        }
        const at = nowIso();
        if (!(await orderPaymentClaims.claim(trx, orderId, paymentId, at))) {
          throw new AppError('conflict', { detail: 'A payment for this order is already in progress.' });
        }
        const row: PaymentRow = {
          id: paymentId,
          order_id: orderId,
          provider: input.provider,
          status: 'pending',
          amount: order.total - order.amount_paid,
          amount_captured: 0,
          amount_refunded: 0,
          currency: order.currency,
          provider_reference: null,
          failure_code: null,
          failure_message: null,
          created_at: at,
          updated_at: at,
        };
        await paymentsRepository(trx).insert(row);
        return row;
      });

      let result: AuthorizeResult;
      try {
        result = await providers[input.provider].authorize({
          paymentId,
          amount: pending.amount,
          currency: pending.currency,
          captureMethod: input.captureMethod,
          card: input.card,
          paymentMethod: input.paymentMethod,
          reference: input.reference,
        });
      } catch (error) {
        if (error instanceof ProviderUnavailableError) {
          deps.logger.warn(
            { err: error, paymentId },
            'payment provider unavailable; payment left pending for reconciliation',
          );
          throw new AppError('provider_unavailable', { cause: error });
        }
        throw error;
      }

      faultPoint('payments.after-provider');
      const settled = await db.transaction().execute(async (trx) => {
        const current = (await paymentsRepository(trx).findById(paymentId))!;
        const updated = await applyOutcome(trx, current, result, nowIso());
        if (updated.status !== 'failed') await onCommit?.(trx, toPayment(updated));
        return updated;
      });
      if (settled.status === 'failed') throw declined(settled);
      return toPayment(settled);
    },

    async get(principal: Principal, id: string): Promise<Payment> {
      return toPayment(await visiblePayment(db, principal, id));
    },

    async list(principal: Principal, query: z.output<typeof ListPaymentsQuerySchema>) {
      const { rows, hasMore } = await paymentsRepository(db).list({
        orderId: query.orderId,
        status: query.status,
        userId: principal.role === 'admin' ? undefined : (actingUserId(principal) ?? '-'),
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toPayment), has_more: hasMore };
    },

    /** Captures an authorized payment (all of it unless an amount is given); the order becomes paid. */
    async capture(
      principal: Principal,
      id: string,
      amount: number | undefined,
      onCommit?: CommitHook,
    ): Promise<Payment> {
      const payment = await visiblePayment(db, principal, id);
      if (payment.status !== 'requires_capture') {
        throw new AppError('invalid_transition', {
          detail: `The payment is ${payment.status}; only requires_capture can be captured.`,
        });
      }
      const toCapture = amount ?? payment.amount;
      if (toCapture > payment.amount) throw new AppError('amount_exceeds_authorized');
      let captured: { amountCaptured: number };
      try {
        captured = await providers[payment.provider as keyof PaymentProviders].capture(
          payment.provider_reference,
          toCapture,
          payment.id,
        );
      } catch (error) {
        throw providerFailure(error);
      }
      return db.transaction().execute(async (trx) => {
        const current = (await paymentsRepository(trx).findById(id))!;
        const updated = await applyOutcome(
          trx,
          current,
          {
            status: 'succeeded',
            reference: current.provider_reference,
            amountCaptured: captured.amountCaptured,
          },
          nowIso(),
        );
        const result = toPayment(updated);
        await onCommit?.(trx, result);
        return result;
      });
    },

    /**
     * Refunds part or all of what is left, line by line for an order from a cart (`refund-planning.ts`). The
     * amount is reserved on the payment first by a conditional update, so racing refunds can never add up to more
     * than was captured, and it is planned under the payment's row lock, so they never refund a line twice.
     */
    async refund(
      principal: Principal,
      id: string,
      input: z.output<typeof CreateRefundRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<Refund> {
      const payment = await visiblePayment(db, principal, id);
      if (payment.status !== 'succeeded') {
        throw new AppError('invalid_transition', {
          detail: `The payment is ${payment.status}; only succeeded payments can be refunded.`,
        });
      }
      const refundId = newId('refund');
      const { amount } = await db.transaction().execute(async (trx) => {
        const at = nowIso();
        const payments = paymentsRepository(trx);
        await payments.lockForRefund(id, at);
        const planned = await planPaymentRefund(trx, (await payments.findById(id))!, input);
        if (!(await payments.reserveRefund(id, planned.amount, at)))
          throw new AppError('amount_exceeds_captured');
        await payments.insertRefund({
          id: refundId,
          payment_id: id,
          amount: planned.amount,
          currency: payment.currency,
          status: 'pending',
          reason: input.reason ?? null,
          provider_reference: null,
          created_at: at,
          breakdown: planned.breakdown ? JSON.stringify(planned.breakdown) : null,
        });
        return planned;
      });

      let providerReference: string | null;
      try {
        ({ reference: providerReference } = await providers[
          payment.provider as keyof PaymentProviders
        ].refund(payment.provider_reference, amount, refundId));
      } catch (error) {
        // Only a definite "no" frees the reserved amount. When the answer is unknown (timeout, 5xx) the
        // money may have moved: the refund stays pending and reserved until reconciliation settles it.
        if (error instanceof ProviderRejectedError) {
          await db.transaction().execute(async (trx) => {
            await paymentsRepository(trx).releaseRefund(id, amount, nowIso());
            await paymentsRepository(trx).updateRefund(refundId, { status: 'failed' });
          });
        } else {
          deps.logger.warn(
            { err: error, refundId },
            'refund outcome unknown; left pending for reconciliation',
          );
        }
        throw providerFailure(error);
      }

      return db.transaction().execute(async (trx) => {
        const at = nowIso();
        const payments = paymentsRepository(trx);
        await payments.updateRefund(refundId, { status: 'succeeded', provider_reference: providerReference });
        const updated = (await payments.findById(id))!;
        await paymentEvent(trx, updated, 'payment.refunded', at);
        await withFreshOrder(trx, updated.order_id, (order) => {
          const refunded = order.amount_refunded + amount;
          return moveOrder(trx, order, refunded >= order.amount_paid ? 'refunded' : 'partially_refunded', {
            outbox: deps.outbox,
            changes: { amount_refunded: refunded },
            reason: input.reason ?? null,
            at,
          });
        });
        const refund = toRefund(await payments.findRefund(refundId));
        await onCommit?.(trx, refund);
        return refund;
      });
    },

    /**
     * Voids a payment that has not settled (`pending`, or `requires_capture`): the provider cancels it (Stripe
     * cancels the PaymentIntent) and the order is released. If the provider had already settled it, that outcome is
     * recorded instead and the caller gets 409 `invalid_transition` saying so.
     */
    async void(principal: Principal, id: string, onCommit?: CommitHook): Promise<Payment> {
      const payment = await visiblePayment(db, principal, id);
      if (payment.status !== 'pending' && payment.status !== 'requires_capture') {
        throw new AppError('invalid_transition', {
          detail: `The payment is ${payment.status}; only pending or requires_capture payments can be voided.`,
        });
      }
      const result = await cancelAtProvider(payment);
      const updated = await db.transaction().execute(async (trx) => {
        const recorded = await recordCancel(trx, id, result, nowIso());
        if (recorded.status === 'canceled') await onCommit?.(trx, toPayment(recorded));
        return recorded;
      });
      if (updated.status !== 'canceled') {
        throw new AppError('invalid_transition', {
          detail: `The provider had already settled the payment (${updated.status}); that outcome is recorded.`,
        });
      }
      return toPayment(updated);
    },

    /**
     * Reconciliation: asks the provider about payments still `pending` after `olderThanMs` (their answer was lost,
     * or a webhook never came) and records what it says. A payment the provider has no record of failed without
     * moving money, and its order is free to be paid again. One the provider still calls pending after
     * `voidAfterMs` (a crash between the two transactions, a manual payment nobody recorded) is voided, which
     * releases its order. Returns counts by outcome.
     */
    async reconcilePending(options: { olderThanMs: number; voidAfterMs: number; limit: number }) {
      const now = clock.now().getTime();
      const before = new Date(now - options.olderThanMs).toISOString();
      const voidBefore = new Date(now - options.voidAfterMs).toISOString();
      const stale = await paymentsRepository(db).listPendingBefore(before, options.limit);
      const counts = {
        checked: stale.length,
        settled: 0,
        unknownToProvider: 0,
        voided: 0,
        stillPending: 0,
        unreachable: 0,
      };
      for (const payment of stale) {
        let result: CancelResult | undefined;
        try {
          result = await providers[payment.provider as keyof typeof providers].lookup(
            payment.provider_reference,
            payment.id,
          );
        } catch (error) {
          if (!(error instanceof ProviderUnavailableError)) throw error;
          counts.unreachable++;
          continue;
        }
        result ??= {
          status: 'failed',
          reference: null,
          failureCode: 'provider_no_record',
          failureMessage: 'the provider has no record of this payment; no money moved',
        };
        if (result.status === 'pending' && payment.created_at < voidBefore) {
          try {
            result = await cancelAtProvider(payment);
          } catch (error) {
            if (!(error instanceof AppError && error.code === 'provider_unavailable')) throw error;
            counts.unreachable++;
            continue;
          }
          if (result.status === 'canceled') counts.voided++;
        }
        if (result.status === 'pending') {
          counts.stillPending++;
          continue;
        }
        if (result.status === 'failed' && result.failureCode === 'provider_no_record')
          counts.unknownToProvider++;
        else if (result.status !== 'canceled') counts.settled++;
        const outcome: CancelResult = result;
        await db.transaction().execute((trx) => recordCancel(trx, payment.id, outcome, nowIso()));
      }
      return counts;
    },

    async applyProviderEvent(event: ProviderEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
      return db.transaction().execute(async (trx) => {
        const at = nowIso();
        const payments = paymentsRepository(trx);
        const payment =
          (await payments.findByProviderReference(event.provider, event.reference)) ??
          (event.paymentId ? await payments.findById(event.paymentId) : undefined);
        // Unknown payment: not recorded as processed, so the provider's redelivery gets another chance.
        if (!payment || payment.provider !== event.provider) return 'ignored';
        if (!(await payments.markWebhookProcessed(event.provider, event.eventId, at))) return 'duplicate';
        if (!['pending', 'requires_capture'].includes(payment.status)) return 'ignored';
        const result: AuthorizeResult =
          event.outcome === 'succeeded'
            ? {
                status: 'succeeded',
                reference: event.reference,
                amountCaptured: event.amountCaptured ?? payment.amount,
              }
            : {
                status: 'failed',
                reference: event.reference,
                failureCode: event.failureCode ?? 'failed',
                failureMessage: event.failureMessage ?? 'failed',
              };
        await applyOutcome(trx, payment, result, at);
        return 'applied';
      });
    },
  };
  return service;
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
