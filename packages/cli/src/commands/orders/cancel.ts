import { Flags } from '@oclif/core';
import type { OrderDetail } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printOrder } from '../../output/print-commerce.js';

export default class OrdersCancel extends BaseCommand<typeof OrdersCancel> {
  static override summary = 'Cancel an order.';

  static override description =
    `Cancels the order with POST /v1/orders/:id/cancel and releases its stock. Only a pending order can be \
cancelled (409 invalid_transition otherwise); refund a paid one with \`till payments refund\`. Cancelling cannot \
be undone: asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes',
    {
      description: 'Cancel with a reason, in a script.',
      command:
        '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --reason "customer asked" --yes',
    },
  ];

  static override args = {
    id: idArg('order', 'The order ID (ord_…).'),
  };

  static override flags = {
    reason: Flags.string({ description: 'Why, kept in the status history.', helpValue: '<text>' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<OrderDetail> {
    await this.confirmDestructive(
      this.flags.yes,
      `Cancel order ${this.args.id}? This cannot be undone.`,
      `Refusing to cancel order ${this.args.id} without confirmation.`,
    );
    const client = await this.client();
    const body = this.flags.reason === undefined ? {} : { reason: this.flags.reason };
    const order = await client.orders.cancel(
      this.args.id,
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Cancelled order ${this.out.style.bold(order.id)}: now ${order.status}.`,
    );
    printOrder(this.out, order);
    return order;
  }
}
