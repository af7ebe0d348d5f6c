import { Flags } from '@oclif/core';
import type { CreatePaymentRequest, Payment, PaymentProvider } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printPayment } from '../../output/print-commerce.js';

export default class PaymentsCreate extends BaseCommand<typeof PaymentsCreate> {
  static override summary = 'Pay an order.';

  static override description =
    `Pays the order's total with POST /v1/orders/:id/payments and prints the payment.

Providers: "test" takes a test card (--card): 4242424242424242 succeeds, 4000000000000002 is declined \
(card_declined), 4000000000009995 fails with insufficient_funds, 4000000000003220 requires capture, and \
4000000000000259 stays pending, then succeeds a moment later. "manual" (admins) records money received outside \
Tillpoint, with --reference. "stripe" takes a PaymentMethod ID (--payment-method pm_…).

With --capture manual the payment stops at requires_capture until \`till payments capture\`. A declined payment \
fails with 402 payment_failed (exit 1). With --idempotency-key a retried command never charges twice.`;

  static override examples = [
    {
      description: 'Pay with the test card that succeeds.',
      command:
        '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --provider test --card 4242424242424242',
    },
    {
      description: 'Authorize now, capture later.',
      command:
        '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --provider test --card 4242424242424242 --capture manual',
    },
    {
      description: 'Record a bank transfer (admin).',
      command:
        '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --provider manual --reference "SEPA 2026-0042"',
    },
  ];

  static override args = {
    orderId: idArg('order', 'The order to pay (ord_…).'),
  };

  static override flags = {
    provider: Flags.string({
      description: 'Who takes the payment.',
      options: ['test', 'manual', 'stripe'],
      required: true,
    }),
    card: Flags.string({
      description: 'test provider: the test card number that picks the outcome.',
      helpValue: '<number>',
    }),
    capture: Flags.string({
      description: 'Capture at once (automatic, default) or later with `till payments capture` (manual).',
      options: ['automatic', 'manual'],
    }),
    'payment-method': Flags.string({
      description: 'stripe provider: a PaymentMethod ID (pm_…).',
      helpValue: '<pm_…>',
    }),
    reference: Flags.string({
      description: 'manual provider: the receipt or bank reference.',
      helpValue: '<text>',
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Payment> {
    const { provider, card, capture, reference } = this.flags;
    const paymentMethod = this.flags['payment-method'];
    if (provider === 'test' && card === undefined) {
      throw new CliFailure('The test provider needs a test card.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --card 4242424242424242 (succeeds) or another test card from `till payments create --help`.',
      });
    }
    const body: CreatePaymentRequest = { provider: provider as PaymentProvider };
    if (capture !== undefined) body.captureMethod = capture as 'automatic' | 'manual';
    if (card !== undefined) body.card = { number: card.replace(/[\s-]/g, '') };
    if (paymentMethod !== undefined) body.paymentMethod = paymentMethod;
    if (reference !== undefined) body.reference = reference;
    const client = await this.client();
    const payment = await client.payments.create(
      this.args.orderId,
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    const s = this.out.style;
    const amount = formatMoney(payment.amount, payment.currency);
    const line =
      payment.status === 'succeeded'
        ? `${s.green('✓')} Paid ${amount} for order ${s.bold(payment.orderId)}.`
        : payment.status === 'requires_capture'
          ? `${s.yellow('•')} Authorized ${amount}; capture it with \`till payments capture ${payment.id}\`.`
          : `${s.yellow('•')} Payment of ${amount} is ${payment.status}.`;
    this.out.line(line);
    printPayment(this.out, payment);
    return payment;
  }
}
