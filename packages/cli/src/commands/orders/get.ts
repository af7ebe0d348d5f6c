import { Flags } from '@oclif/core';
import type { OrderDetail } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printOrder } from '../../output/print-commerce.js';

export default class OrdersGet extends BaseCommand<typeof OrdersGet> {
  static override summary = 'Show one order with its items, payments and history.';

  static override description =
    'Fetches the order with GET /v1/orders/:id and prints its breakdown (subtotal, discount, shipping, tax, total), its lines with their discount and tax, payments, refunds and status history.';

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
    'order-token': Flags.string({
      description: "A guest order's token (sent as X-Order-Token), shown once when its cart was completed.",
      helpValue: '<token>',
    }),
  };

  async run(): Promise<OrderDetail> {
    const client = await this.client();
    const token = this.flags['order-token'];
    const order = await client.orders.get(
      this.args.id,
      token ? { headers: { 'x-order-token': token } } : undefined,
    );
    printOrder(this.out, order);
    return order;
  }
}
