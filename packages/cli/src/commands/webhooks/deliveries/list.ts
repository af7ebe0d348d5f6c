import { Flags } from '@oclif/core';
import type { EventType, WebhookDelivery } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { sharedFlags } from '../../../flags.js';
import { formatTime, type ListDocument } from '../../../output/format.js';
import { collectList, pageSize } from '../../../output/list.js';
import { webhookStatusText } from '../../../output/print-webhook.js';

export default class WebhooksDeliveriesList extends BaseCommand<typeof WebhooksDeliveriesList> {
  static override summary = 'List webhook deliveries, newest first (admin).';

  static override description =
    `The delivery log: each event sent to each endpoint, with the latest attempt's status \
code and latency. Filter by --endpoint, --status and --event. --json prints the list as the API returns it.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --status failed',
    '<%= config.bin %> <%= command.id %> --endpoint whe_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
  ];

  static override flags = {
    endpoint: Flags.string({ description: 'Only deliveries to this endpoint.', helpValue: '<whe_…>' }),
    status: Flags.string({
      description: 'Only deliveries in this status.',
      options: ['pending', 'succeeded', 'failed'],
    }),
    event: Flags.string({ description: 'Only deliveries of this event type.', helpValue: '<type>' }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<WebhookDelivery>> {
    const client = await this.client();
    const { endpoint, status, event, limit, all } = this.flags;
    const result = await collectList(
      client.webhookDeliveries.list({
        endpointId: endpoint,
        status: status as WebhookDelivery['status'] | undefined,
        eventType: event as EventType | undefined,
        limit: pageSize(limit, all),
      }),
      all,
    );
    const s = this.out.style;
    if (result.data.length === 0) this.out.line('No deliveries match.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (d) => d.id },
        { header: 'EVENT', get: (d) => d.eventType },
        { header: 'STATUS', get: (d) => webhookStatusText(d.status, s) },
        { header: 'HTTP', get: (d) => (d.responseStatus === null ? '-' : String(d.responseStatus)) },
        { header: 'LATENCY', get: (d) => (d.latencyMs === null ? '-' : `${d.latencyMs} ms`) },
        { header: 'ATTEMPTS', get: (d) => String(d.attempts) },
        { header: 'CREATED', get: (d) => formatTime(d.createdAt, s) },
      ]);
    if (result.has_more) this.out.notice(this.out.errStyle.dim('More deliveries follow: pass --all.'));
    return result;
  }
}
