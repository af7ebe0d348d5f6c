import type { Executor } from '../../db/database-types.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { EventReaction, OutboxEvent } from '../events/outbox.js';
import type { EmailTemplateName } from './email-templates.js';

type Data = Record<string, unknown>;
const money = (amount: unknown, currency: unknown) => ({ amount, currency });

/** Which events email the customer, with which template and data. */
const EMAIL_FOR: Partial<
  Record<string, (data: Data) => { template: EmailTemplateName; data: Data } | undefined>
> = {
  // A self sign-up is welcomed by its verification email (`auth.send_signup_email`); admins' accounts by this one.
  'user.created': (user) =>
    user.emailVerifiedAt ? { template: 'welcome', data: { name: user.name ?? null } } : undefined,
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
 * Who gets an event's email: its owner (looked up when sending), or for a guest's order the address the order
 * was placed with; events with neither (admin-made) send nothing.
 */
function recipientOf(event: OutboxEvent, data: Data): { userId: string } | { to: string } | undefined {
  if (event.owner_id) return { userId: event.owner_id };
  if (event.type === 'order.paid' && typeof data.email === 'string') return { to: data.email };
  return undefined;
}

/**
 * Outbox reaction: customer emails are queued in the transaction that records the event (an order is paid: the
 * `order.paid` event and its confirmation email commit together). A guest's confirmation says `guest`, so the
 * email carries the token that opens the order.
 */
export function emailReactions(deps: { queue: JobQueue }): EventReaction {
  return async (trx: Executor, event: OutboxEvent) => {
    const email = EMAIL_FOR[event.type];
    if (!email) return;
    const payload = JSON.parse(event.data) as Data;
    const recipient = recipientOf(event, payload);
    if (!recipient) return;
    const planned = email(payload);
    if (!planned) return;
    const { template, data } = planned;
    await deps.queue.enqueue(trx, {
      type: 'email.send',
      params: { template, ...recipient, data: 'to' in recipient ? { ...data, guest: true } : data },
      uniqueKey: `email:${event.id}`,
    });
    deps.queue.wake('email');
  };
}
