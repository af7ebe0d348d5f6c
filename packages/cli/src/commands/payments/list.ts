import { Flags } from '@oclif/core';
import type { Payment, PaymentStatus } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { statusText } from '../../output/print-commerce.js';

export default class PaymentsList extends BaseCommand<typeof PaymentsList> {
  static override summary = 'List payments.';

  static override description = `Lists payments one page at a time (--limit, default 20) or every \
page with --all. Filters by order and status. Users see payments of their own orders; admins see all.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'The payments of one order, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --order ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
    {
      description: 'Every payment waiting for capture.',
      command: '<%= config.bin %> <%= command.id %> --status requires_capture --all',
    },
  ];

  static override flags = {
    order: Flags.string({ description: 'Only payments of this order (ord_…).', helpValue: '<id>' }),
    status: Flags.string({
      description: 'Only payments in this status.',
      options: ['pending', 'requires_capture', 'succeeded', 'failed', 'canceled'],
    }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Payment>> {
    const client = await this.client();
    const { order, status, limit, all } = this.flags;
    const result = await collectList(
      client.payments.list({
        orderId: order,
        status: status as PaymentStatus | undefined,
        limit: pageSize(limit, all),
      }),
      all,
    );
    this.print(result);
    return result;
  }

  private print(result: ListDocument<Payment>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No payments match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (p) => p.id },
      { header: 'ORDER', get: (p) => p.orderId },
      { header: 'PROVIDER', get: (p) => p.provider },
      { header: 'STATUS', get: (p) => statusText(p.status, s) },
      { header: 'AMOUNT', get: (p) => formatMoney(p.amount, p.currency) },
      { header: 'CAPTURED', get: (p) => formatMoney(p.amountCaptured, p.currency) },
      { header: 'REFUNDED', get: (p) => formatMoney(p.amountRefunded, p.currency) },
      { header: 'CREATED', get: (p) => formatTime(p.createdAt, s) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More payments follow: pass --all, or a larger --limit.'));
  }
}
