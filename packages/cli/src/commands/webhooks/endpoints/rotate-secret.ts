import { Flags } from '@oclif/core';
import type { WebhookEndpointWithSecret } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';

export default class WebhooksEndpointsRotateSecret extends BaseCommand<typeof WebhooksEndpointsRotateSecret> {
  static override summary = "Rotate a webhook endpoint's signing secret (admin).";

  static override description =
    `Makes a new signing secret and prints it once. For --grace-hours (default 24) every \
delivery carries a second signature with the old secret, so the receiver can switch without losing deliveries.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> whe_01JABCDEFGHJKMNPQRSTVWXYZ0 --grace-hours 2',
  ];

  static override args = { id: idArg('webhookEndpoint', 'The endpoint ID (whe_…).') };

  static override flags = {
    'grace-hours': Flags.integer({
      description: 'Hours the old secret keeps signing (0 to 168).',
      min: 0,
      max: 168,
    }),
  };

  async run(): Promise<WebhookEndpointWithSecret> {
    const client = await this.client();
    const graceHours = this.flags['grace-hours'];
    const endpoint = await client.webhookEndpoints.rotateSecret(
      this.args.id,
      graceHours === undefined ? {} : { graceHours },
    );
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} New signing secret for ${s.bold(endpoint.id)}: ${s.bold(endpoint.secret)}`,
    );
    this.out.notice(this.out.errStyle.yellow('Store it now: it is not shown again.'));
    return endpoint;
  }
}
