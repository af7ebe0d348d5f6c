import type { WebhookDelivery } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { printWebhookDelivery } from '../../../output/print-webhook.js';

export default class WebhooksDeliveriesGet extends BaseCommand<typeof WebhooksDeliveriesGet> {
  static override summary = 'Show a webhook delivery (admin).';

  static override description =
    "Shows a delivery with its latest attempt: status code, latency, error and the first KiB of the receiver's answer.";

  static override examples = ['<%= config.bin %> <%= command.id %> whd_01JABCDEFGHJKMNPQRSTVWXYZ0'];

  static override args = { id: idArg('webhookDelivery', 'The delivery ID (whd_…).') };

  async run(): Promise<WebhookDelivery> {
    const client = await this.client();
    const delivery = await client.webhookDeliveries.get(this.args.id);
    printWebhookDelivery(this.out, delivery);
    return delivery;
  }
}
