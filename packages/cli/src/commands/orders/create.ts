import { Flags } from '@oclif/core';
import type { CreateOrderRequest, OrderDetail } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { readJsonInput } from '../../api/api-request.js';
import { BaseCommand } from '../../base-command.js';
import { parseItem } from '../../commerce/order-items.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printOrder } from '../../output/print-commerce.js';

export default class OrdersCreate extends BaseCommand<typeof OrdersCreate> {
  static override summary = 'Place an order.';

  static override description = `Places an order with POST /v1/orders and prints it. Give the lines with \
repeatable --item sku=quantity (a variant's var_… ID, or the prd_… ID of a product with one variant, works in \
place of the SKU), or the whole JSON body with --from-file (a file, or - for stdin), e.g. \
{"items":[{"sku":"MUG-01","quantity":2}]}. Prices and totals come from the catalog, in --currency (default: the \
currency of the first line's first price). Admins may order for another user with --user.

Fails with 409 out_of_stock when a line exceeds the stock, 422 product_unavailable for an archived product, 422 \
price_missing when a variant has no price in the order's currency, and 422 variant_required for a prd_… ID of a \
product with several variants. With --idempotency-key, running the same command again returns the first order \
instead of placing a second one.`;

  static override examples = [
    {
      description: 'Two mugs and a poster.',
      command: '<%= config.bin %> <%= command.id %> --item MUG-01=2 --item POSTER=1',
    },
    {
      description: 'A T-shirt by its variant SKU, priced in US dollars.',
      command: '<%= config.bin %> <%= command.id %> --item TEE-M=1 --currency USD',
    },
    {
      description: 'From a JSON file, safe to retry.',
      command:
        '<%= config.bin %> <%= command.id %> --from-file order.json --idempotency-key checkout-1234 --json',
    },
    {
      description: 'From stdin, for a user (admin).',
      command:
        'echo \'{"items":[{"sku":"MUG-01","quantity":1}]}\' | <%= config.bin %> <%= command.id %> --from-file - --user usr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    },
  ];

  static override flags = {
    item: Flags.string({
      char: 'i',
      description: 'An order line sku=quantity (or var_…=quantity, or prd_…=quantity).',
      helpValue: '<sku=qty>',
      multiple: true,
      exclusive: ['from-file'],
    }),
    'from-file': Flags.string({
      description: 'Read the JSON order body from a file, or from stdin with "-".',
      helpValue: '<file|->',
      exclusive: ['item'],
    }),
    currency: Flags.string({
      description: "The order's currency, e.g. USD (default: the first line's first price).",
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    user: Flags.string({
      description: 'Admins: place the order for this user (usr_…).',
      helpValue: '<id>',
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<OrderDetail> {
    const body = await this.body();
    if (this.flags.user !== undefined) body.userId = this.flags.user;
    if (this.flags.currency !== undefined) body.currency = this.flags.currency;
    const client = await this.client();
    const order = await client.orders.create(body, idempotencyOptions(this.flags['idempotency-key']));
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Placed order ${s.bold(order.id)} for ${formatMoney(order.total, order.currency)}.`,
    );
    printOrder(this.out, order);
    if (order.status === 'pending') {
      this.out.notice(
        this.out.errStyle.dim(`Pay it with \`till payments create ${order.id} --provider test --card …\`.`),
      );
    }
    return order;
  }

  private async body(): Promise<CreateOrderRequest> {
    const source = this.flags['from-file'];
    if (source !== undefined) {
      const body = await readJsonInput(source, process.stdin, '--from-file');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new CliFailure(
          `--from-file ${source === '-' ? 'from stdin' : source} must hold a JSON object such as {"items":[…]}.`,
          'invalid_input',
          { exitCode: EXIT.usage },
        );
      }
      return body as CreateOrderRequest;
    }
    const items = (this.flags.item ?? []).map(parseItem);
    if (items.length === 0) {
      throw new CliFailure('Nothing to order.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --item sku=quantity (repeatable), or --from-file order.json.',
      });
    }
    return { items };
  }
}
