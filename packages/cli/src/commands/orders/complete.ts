import { Flags } from '@oclif/core';
import type { OrderDetail } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printOrder } from '../../output/print-commerce.js';

export default class OrdersComplete extends BaseCommand<typeof OrdersComplete> {
  static override summary = 'Mark a fulfilled order as completed.';

  static override description =
    `Closes a fulfilled order with POST /v1/orders/:id/complete. 409 invalid_transition when the order is not \
fulfilled. Usually needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('order', 'The order ID (ord_…).'),
  };

  static override flags = {
    reason: Flags.string({ description: 'Why, kept in the status history.', helpValue: '<text>' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<OrderDetail> {
    const client = await this.client();
    const body = this.flags.reason === undefined ? {} : { reason: this.flags.reason };
    const order = await client.orders.complete(
      this.args.id,
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Completed order ${this.out.style.bold(order.id)}: now ${order.status}.`,
    );
    printOrder(this.out, order);
    return order;
  }
}
