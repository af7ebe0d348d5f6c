import { Flags } from '@oclif/core';
import type { Order, OrderStatus } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { statusText } from '../../output/print-commerce.js';

const STATUSES = ['pending', 'paid', 'fulfilled', 'completed', 'cancelled', 'partially_refunded', 'refunded'];

export default class OrdersList extends BaseCommand<typeof OrdersList> {
  static override summary = 'List orders.';

  static override description = `Lists orders, newest first (--sort created for oldest first), one page at a \
time (--limit, default 20) or every page with --all. Users see their own orders; admins see every order and may \
filter by --user.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every paid order of January 2026, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --status paid --created-from 2026-01-01T00:00:00Z --created-to 2026-02-01T00:00:00Z --all --json',
    },
    {
      description: "One user's orders (admin).",
      command: '<%= config.bin %> <%= command.id %> --user usr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    },
  ];

  static override flags = {
    status: Flags.string({ description: 'Only orders in this status.', options: STATUSES }),
    user: Flags.string({ description: 'Admins: only orders of this user (usr_…).', helpValue: '<id>' }),
    currency: Flags.string({
      description: 'Only orders in this currency.',
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    'created-from': Flags.string({
      description: 'Only orders created at or after this time (ISO 8601).',
      helpValue: '<iso>',
    }),
    'created-to': Flags.string({
      description: 'Only orders created before this time (ISO 8601).',
      helpValue: '<iso>',
    }),
    sort: Flags.string({
      description: 'Order by creation time: -created (newest first, default) or created.',
      options: ['created', '-created'],
    }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Order>> {
    const client = await this.client();
    const { status, user, currency, sort, limit, all } = this.flags;
    const result = await collectList(
      client.orders.list({
        status: status as OrderStatus | undefined,
        userId: user,
        currency,
        createdFrom: this.flags['created-from'],
        createdTo: this.flags['created-to'],
        sort: sort as 'created' | '-created' | undefined,
        limit: pageSize(limit, all),
      }),
      all,
    );
    this.print(result);
    return result;
  }

  private print(result: ListDocument<Order>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No orders match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (o) => o.id },
      { header: 'STATUS', get: (o) => statusText(o.status, s) },
      { header: 'ITEMS', get: (o) => String(o.items?.reduce((sum, i) => sum + i.quantity, 0) ?? 0) },
      { header: 'TOTAL', get: (o) => formatMoney(o.total, o.currency) },
      { header: 'PAID', get: (o) => formatMoney(o.amountPaid, o.currency) },
      { header: 'USER', get: (o) => o.userId ?? s.dim('-') },
      { header: 'CREATED', get: (o) => formatTime(o.createdAt, s) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More orders follow: pass --all, or a larger --limit.'));
  }
}
