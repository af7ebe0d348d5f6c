import { Flags } from '@oclif/core';
import type { EventType, WebhookEndpointWithSecret } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { printWebhookEndpoint } from '../../../output/print-webhook.js';

export default class WebhooksEndpointsCreate extends BaseCommand<typeof WebhooksEndpointsCreate> {
  static override summary = 'Register a webhook endpoint (admin).';

  static override description =
    `Registers an endpoint that receives events signed per Standard Webhooks. The \
signing secret (whsec_…) is printed once: store it where the receiver can read it. --event (repeatable) filters the \
event types; the default is every event. Private and loopback URLs are refused unless the daemon allows them.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --url https://shop.example.com/hooks --event order.paid --event order.refunded',
    {
      description: 'As JSON (the secret is in the document).',
      command: '<%= config.bin %> <%= command.id %> --url https://hooks.example.com/t --json',
    },
  ];

  static override flags = {
    url: Flags.string({ description: 'The https:// (or http://) URL to POST events to.', required: true }),
    event: Flags.string({
      multiple: true,
      description: 'An event type to deliver, or * for all. Repeatable.',
      helpValue: '<type>',
    }),
    description: Flags.string({ description: 'What the endpoint is for.' }),
  };

  async run(): Promise<WebhookEndpointWithSecret> {
    const client = await this.client();
    const endpoint = await client.webhookEndpoints.create({
      url: this.flags.url,
      ...(this.flags.event ? { eventTypes: this.flags.event as Array<EventType | '*'> } : {}),
      ...(this.flags.description === undefined ? {} : { description: this.flags.description }),
    });
    const s = this.out.style;
    this.out.line(`${s.green('✓')} Registered ${s.bold(endpoint.id)}.`);
    printWebhookEndpoint(this.out, endpoint);
    this.out.line();
    this.out.line(`Signing secret: ${s.bold(endpoint.secret)}`);
    this.out.notice(
      this.out.errStyle.yellow(
        'Store the signing secret now: it is not shown again (rotate-secret makes a new one).',
      ),
    );
    return endpoint;
  }
}
