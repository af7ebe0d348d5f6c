import type { TaxRate } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printTaxRate } from '../../output/print-checkout.js';

export default class TaxRatesGet extends BaseCommand<typeof TaxRatesGet> {
  static override summary = 'Show one tax rate (admin).';

  static override description = 'Fetches the tax rate with GET /v1/tax-rates/:id (admin).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = { id: idArg('taxRate', 'The tax rate ID (txr_…).') };

  static override flags = {};

  async run(): Promise<TaxRate> {
    const client = await this.client();
    const r = await client.taxRates.get(this.args.id);
    printTaxRate(this.out, r);
    return r;
  }
}
