import { Flags } from '@oclif/core';
import type { CreateRefundRequest, Refund } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printRefund } from '../../output/print-commerce.js';

export default class PaymentsRefund extends BaseCommand<typeof PaymentsRefund> {
  static override summary = 'Refund a payment, fully or in part (admin).';

  static override description =
    `Refunds with POST /v1/payments/:id/refunds: all that is left of the captured \
amount, or --amount in minor units (409 amount_exceeds_captured when more). For an order from a cart, --line \
returns units of a line (what was paid for them, discount and tax included, never more) and --shipping refunds \
the shipping; the answer shows the refund line by line. The order becomes partially_refunded or refunded. Money leaves at once: asks for confirmation on a terminal; elsewhere (pipes, CI) \
pass --yes. Needs an admin.`;

  static override examples = [
    {
      description: 'Refund everything.',
      command: '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes',
    },
    {
      description: 'Refund two returned units of one line and the shipping.',
      command:
        '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0 --line oit_01JABCDEFGHJKMNPQRSTVWXYZ0:2 --shipping --yes',
    },
    {
      description: 'Refund 5.00 EUR with a reason, safely retryable.',
      command:
        '<%= config.bin %> <%= command.id %> pay_01JABCDEFGHJKMNPQRSTVWXYZ0 --amount 500 --reason chipped --idempotency-key refund-77 --yes',
    },
  ];

  static override args = {
    id: idArg('payment', 'The payment ID (pay_…).'),
  };

  static override flags = {
    amount: Flags.integer({
      description: 'Amount to refund in minor units (default: all that is left).',
      helpValue: '<minor units>',
      min: 1,
    }),
    line: Flags.string({
      multiple: true,
      description: 'Units of an order line to refund, as <line ID>:<units>. Repeatable.',
      helpValue: '<oit_…:units>',
    }),
    shipping: Flags.boolean({ description: 'Also refund what is left of the shipping.' }),
    reason: Flags.string({ description: 'Why, kept with the refund.', helpValue: '<text>' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Refund> {
    const { amount, reason } = this.flags;
    const what =
      this.flags.line || this.flags.shipping
        ? 'the given lines of'
        : amount === undefined
          ? 'all that is left of'
          : `${amount} minor units of`;
    await this.confirmDestructive(
      this.flags.yes,
      `Refund ${what} payment ${this.args.id}? This cannot be undone.`,
      `Refusing to refund payment ${this.args.id} without confirmation.`,
    );
    const client = await this.client();
    const body: CreateRefundRequest = {};
    if (amount !== undefined) body.amount = amount;
    if (this.flags.line) body.lines = this.flags.line.map(parseLine);
    if (this.flags.shipping) body.shipping = {};
    if (reason !== undefined) body.reason = reason;
    const refund = await client.payments.refund(
      this.args.id,
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Refunded ${formatMoney(refund.amount, refund.currency)} of ${this.out.style.bold(refund.paymentId)} (${refund.status}).`,
    );
    printRefund(this.out, refund);
    return refund;
  }
}

/** `oit_…:2` → `{ lineId, quantity }`. */
function parseLine(value: string): { lineId: string; quantity: number } {
  const match = /^(oit_[A-Za-z0-9]+):([1-9][0-9]*)$/.exec(value);
  if (!match) {
    throw new CliFailure(`--line ${value}: give <line ID>:<units>, e.g. oit_01J…:2.`, 'invalid_input', {
      exitCode: EXIT.usage,
    });
  }
  return { lineId: match[1]!, quantity: Number(match[2]) };
}
