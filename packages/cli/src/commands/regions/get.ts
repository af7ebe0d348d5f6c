import type { Region } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printRegion } from '../../output/print-checkout.js';

export default class RegionsGet extends BaseCommand<typeof RegionsGet> {
  static override summary = 'Show one region.';

  static override description =
    'Fetches the region with GET /v1/regions/:id and prints its countries, currency and tax setting.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = { id: idArg('region', 'The region ID (reg_…).') };

  static override flags = {};

  async run(): Promise<Region> {
    const client = await this.client();
    const r = await client.regions.get(this.args.id);
    printRegion(this.out, r);
    return r;
  }
}
