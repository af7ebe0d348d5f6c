import { Flags } from '@oclif/core';
import type { Event, EventType } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';

export default class EventsList extends BaseCommand<typeof EventsList> {
  static override summary = 'List domain events (admin).';

  static override description = `Lists the events the daemon recorded, one per state change (order.created, \
order.paid, payment.failed, product.stock_adjusted…), one page at a time (--limit, default 20) \
or every page with --all. Filter by --type and by --subject, the ID of the product, order or payment. Needs an \
admin.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Everything that happened to one order.',
      command: '<%= config.bin %> <%= command.id %> --subject ord_01JABCDEFGHJKMNPQRSTVWXYZ0 --all',
    },
    {
      description: 'Every failed payment, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --type payment.failed --all --json',
    },
  ];

  static override flags = {
    type: Flags.string({
      description: 'Only events of this type, e.g. order.paid.',
      helpValue: '<type>',
    }),
    subject: Flags.string({
      description: 'Only events about this resource ID (prd_…, ord_…, pay_…).',
      helpValue: '<id>',
    }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Event>> {
    const client = await this.client();
    const { type, subject, limit, all } = this.flags;
    const result = await collectList(
      client.events.list({
        type: type as EventType | undefined,
        subjectId: subject,
        limit: pageSize(limit, all),
      }),
      all,
    );
    this.print(result);
    return result;
  }

  private print(result: ListDocument<Event>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No events match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (e) => e.id },
      { header: 'TYPE', get: (e) => e.type },
      { header: 'SUBJECT', get: (e) => e.subjectId },
      { header: 'CREATED', get: (e) => formatTime(e.createdAt, s) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More events follow: pass --all, or a larger --limit.'));
  }
}
