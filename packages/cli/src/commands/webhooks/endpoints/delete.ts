import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';

export default class WebhooksEndpointsDelete extends BaseCommand<typeof WebhooksEndpointsDelete> {
  static override summary = 'Delete a webhook endpoint and its delivery log (admin).';

  static override description = 'DELETE /v1/webhook-endpoints/:id. Pending deliveries to it are dropped.';

  static override examples = ['<%= config.bin %> <%= command.id %> whe_01JABCDEFGHJKMNPQRSTVWXYZ0'];

  static override args = { id: idArg('webhookEndpoint', 'The endpoint ID (whe_…).') };

  async run(): Promise<{ deleted: string }> {
    const client = await this.client();
    await client.webhookEndpoints.delete(this.args.id);
    this.out.line(`${this.out.style.green('✓')} Deleted ${this.args.id}.`);
    return { deleted: this.args.id };
  }
}
