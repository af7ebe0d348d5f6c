import type { Executor } from '../../db/database-types.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { EventReaction, OutboxEvent } from '../events/outbox.js';
import type { EmailTemplateName } from './email-templates.js';

type Data = Record<string, unknown>;
const money = (amount: unknown, currency: unknown) => ({ amount, currency });

/** Which events email the customer, with which template and data. */
const EMAIL_FOR: Partial<Record<string, (data: Data) => { template: EmailTemplateName; data: Data }>> = {
  'user.created': (user) => ({ template: 'welcome', data: { name: user.name ?? null } }),
  'order.paid': (order) => ({
    template: 'order_confirmation',
    data: {
      orderId: order.id,
      total: money(order.total, order.currency),
      items: Array.isArray(order.items) ? order.items.length : 0,
    },
  }),
  'payment.succeeded': (payment) => ({
    template: 'payment_receipt',
    data: {
      paymentId: payment.id,
      orderId: payment.orderId,
      amount: money(payment.amountCaptured, payment.currency),
    },
  }),
  'payment.refunded': (payment) => ({
    template: 'refund_notice',
    data: {
      paymentId: payment.id,
      orderId: payment.orderId,
      amount: money(payment.amountRefunded, payment.currency),
    },
  }),
};

/**
 * Outbox reaction: customer emails are queued in the transaction that records the event (an order is paid: the
 * `order.paid` event and its confirmation email commit together). Events without an owner (guest or admin-made)
 * send nothing.
 */
export function emailReactions(deps: { queue: JobQueue }): EventReaction {
  return async (trx: Executor, event: OutboxEvent) => {
    const email = EMAIL_FOR[event.type];
    if (!email || !event.owner_id) return;
    const { template, data } = email(JSON.parse(event.data) as Data);
    await deps.queue.enqueue(trx, {
      type: 'email.send',
      params: { template, userId: event.owner_id, data },
      uniqueKey: `email:${event.id}`,
    });
    deps.queue.wake('email');
  };
}
