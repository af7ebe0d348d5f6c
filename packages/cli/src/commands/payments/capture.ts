import { Flags } from '@oclif/core';
import type { Payment } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printPayment } from '../../output/print-commerce.js';

export default class PaymentsCapture extends BaseCommand<typeof PaymentsCapture> {
  static override summary = 'Capture an authorized payment (admin).';

  static override description =
    `Captures a payment in requires_capture with POST /v1/payments/:id/capture: all \
of the authorization, or --amount in minor units (409 amount_exceeds_authorized when more). Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Capture 10.00 EUR of the authorization.',
      command: '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0 --amount 1000',
    },
  ];

  static override args = {
    id: idArg('payment', 'The payment ID (pay_…).'),
  };

  static override flags = {
    amount: Flags.integer({
      description: 'Amount to capture in minor units (default: all of the authorization).',
      helpValue: '<minor units>',
      min: 1,
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Payment> {
    const { amount } = this.flags;
    const client = await this.client();
    const payment = await client.payments.capture(
      this.args.id,
      amount === undefined ? {} : { amount },
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Captured ${formatMoney(payment.amountCaptured, payment.currency)} of ${this.out.style.bold(payment.id)}.`,
    );
    printPayment(this.out, payment);
    return payment;
  }
}
