import { Flags } from '@oclif/core';
import type { OrderDetail } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printOrder } from '../../output/print-commerce.js';

export default class OrdersFulfill extends BaseCommand<typeof OrdersFulfill> {
  static override summary = 'Mark a paid order as fulfilled (shipped or handed over).';

  static override description =
    `Moves a paid order to fulfilled with POST /v1/orders/:id/fulfill. 409 invalid_transition when the order \
is not paid. Usually needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'With a tracking note.',
      command: '<%= config.bin %> <%= command.id %> ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --reason "DHL 00340434"',
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
    const order = await client.orders.fulfill(
      this.args.id,
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Fulfilled order ${this.out.style.bold(order.id)}: now ${order.status}.`,
    );
    printOrder(this.out, order);
    return order;
  }
}
