import type { Payment } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printPayment } from '../../output/print-commerce.js';

export default class PaymentsGet extends BaseCommand<typeof PaymentsGet> {
  static override summary = 'Show one payment.';

  static override description =
    'Fetches the payment with GET /v1/payments/:id and prints it: status, amounts authorized, captured and refunded.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('payment', 'The payment ID (pay_…).'),
  };

  static override flags = {};

  async run(): Promise<Payment> {
    const client = await this.client();
    const payment = await client.payments.get(this.args.id);
    printPayment(this.out, payment);
    return payment;
  }
}
