import type { WebhookDelivery } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { printWebhookDelivery } from '../../../output/print-webhook.js';

export default class WebhooksDeliveriesRedeliver extends BaseCommand<typeof WebhooksDeliveriesRedeliver> {
  static override summary = 'Send a webhook delivery again now (admin).';

  static override description =
    'Queues the delivery at once, whatever its state; the receiver sees the same webhook-id, so it can tell a repeat.';

  static override examples = ['<%= config.bin %> <%= command.id %> whd_01JABCDEFGHJKMNPQRSTVWXYZ0'];

  static override args = { id: idArg('webhookDelivery', 'The delivery ID (whd_…).') };

  async run(): Promise<WebhookDelivery> {
    const client = await this.client();
    const delivery = await client.webhookDeliveries.redeliver(this.args.id);
    this.out.line(`${this.out.style.green('✓')} Queued ${this.out.style.bold(delivery.id)} for delivery.`);
    printWebhookDelivery(this.out, delivery);
    return delivery;
  }
}
