import type { Payment } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printPayment } from '../../output/print-commerce.js';

export default class PaymentsVoid extends BaseCommand<typeof PaymentsVoid> {
  static override summary = 'Void a payment that has not settled (admin).';

  static override description =
    `Voids a pending or requires_capture payment with POST /v1/payments/:id/void: the provider cancels it \
(Stripe cancels the PaymentIntent), no money moves for it any more, and its order is released so it can be paid \
again or cancelled. Use it for a payment left pending by an interrupted request. 409 invalid_transition when the \
provider had already settled the payment (that outcome is then recorded). Needs an admin.`;

  static override examples = ['<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0'];

  static override args = {
    id: idArg('payment', 'The payment ID (pay_…).'),
  };

  static override flags = {
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Payment> {
    const client = await this.client();
    const payment = await client.payments.void(
      this.args.id,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Voided ${this.out.style.bold(payment.id)}; its order is released.`,
    );
    printPayment(this.out, payment);
    return payment;
  }
}
