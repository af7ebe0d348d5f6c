import type { WebhookEndpoint } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { sharedFlags } from '../../../flags.js';
import type { ListDocument } from '../../../output/format.js';
import { collectList, pageSize } from '../../../output/list.js';
import { webhookStatusText } from '../../../output/print-webhook.js';

export default class WebhooksEndpointsList extends BaseCommand<typeof WebhooksEndpointsList> {
  static override summary = 'List webhook endpoints (admin).';

  static override description =
    `Lists the endpoints outbound webhooks go to, with their health. Secrets are never \
listed. --json prints the list as the API returns it.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
  ];

  static override flags = { limit: sharedFlags.limit(), all: sharedFlags.all() };

  async run(): Promise<ListDocument<WebhookEndpoint>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(client.webhookEndpoints.list({ limit: pageSize(limit, all) }), all);
    const s = this.out.style;
    if (result.data.length === 0) this.out.line('No webhook endpoints.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (e) => e.id },
        { header: 'URL', get: (e) => e.url },
        { header: 'EVENTS', get: (e) => e.eventTypes.join(',') },
        { header: 'STATUS', get: (e) => webhookStatusText(e.status, s) },
        { header: 'FAILING SINCE', get: (e) => e.failingSince ?? '' },
      ]);
    if (result.has_more) this.out.notice(this.out.errStyle.dim('More endpoints follow: pass --all.'));
    return result;
  }
}
