import { Flags } from '@oclif/core';
import type { EventType, WebhookEndpoint } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { printWebhookEndpoint } from '../../../output/print-webhook.js';

export default class WebhooksEndpointsUpdate extends BaseCommand<typeof WebhooksEndpointsUpdate> {
  static override summary = 'Change a webhook endpoint, or enable it again (admin).';

  static override description =
    '--status enabled re-enables an endpoint the daemon disabled after a day of failures (and clears the failure streak); --status disabled stops deliveries.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> whe_01JABCDEFGHJKMNPQRSTVWXYZ0 --status enabled',
  ];

  static override args = { id: idArg('webhookEndpoint', 'The endpoint ID (whe_…).') };

  static override flags = {
    url: Flags.string({ description: 'New URL.' }),
    event: Flags.string({
      multiple: true,
      description: 'Event types (replace the filter). Repeatable.',
      helpValue: '<type>',
    }),
    description: Flags.string({ description: 'New description.' }),
    status: Flags.string({ description: 'Enable or disable deliveries.', options: ['enabled', 'disabled'] }),
  };

  async run(): Promise<WebhookEndpoint> {
    const f = this.flags;
    const client = await this.client();
    const endpoint = await client.webhookEndpoints.update(this.args.id, {
      ...(f.url === undefined ? {} : { url: f.url }),
      ...(f.event === undefined ? {} : { eventTypes: f.event as Array<EventType | '*'> }),
      ...(f.description === undefined ? {} : { description: f.description }),
      ...(f.status === undefined ? {} : { status: f.status as 'enabled' | 'disabled' }),
    });
    this.out.line(`${this.out.style.green('✓')} Updated ${this.out.style.bold(endpoint.id)}.`);
    printWebhookEndpoint(this.out, endpoint);
    return endpoint;
  }
}
