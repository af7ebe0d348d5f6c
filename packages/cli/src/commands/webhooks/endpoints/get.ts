import type { WebhookEndpoint } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { printWebhookEndpoint } from '../../../output/print-webhook.js';

export default class WebhooksEndpointsGet extends BaseCommand<typeof WebhooksEndpointsGet> {
  static override summary = 'Show a webhook endpoint (admin).';

  static override description =
    'Shows an endpoint: URL, event filter, status and why it was disabled, if it was.';

  static override examples = ['<%= config.bin %> <%= command.id %> whe_01JABCDEFGHJKMNPQRSTVWXYZ0'];

  static override args = { id: idArg('webhookEndpoint', 'The endpoint ID (whe_…).') };

  async run(): Promise<WebhookEndpoint> {
    const client = await this.client();
    const endpoint = await client.webhookEndpoints.get(this.args.id);
    printWebhookEndpoint(this.out, endpoint);
    return endpoint;
  }
}
