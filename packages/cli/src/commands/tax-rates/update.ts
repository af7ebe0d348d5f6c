import { Flags } from '@oclif/core';
import type { TaxRate, UpdateTaxRateRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parsePercent } from '../../commerce/checkout-flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printTaxRate } from '../../output/print-checkout.js';

export default class TaxRatesUpdate extends BaseCommand<typeof TaxRatesUpdate> {
  static override summary = 'Change a tax rate (admin).';

  static override description =
    'Updates the tax rate with PATCH /v1/tax-rates/:id; only the given fields change. The region stays.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0 --rate 19',
    {
      description: 'For the whole region again, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0 --clear-subdivision --json',
    },
  ];

  static override args = { id: idArg('taxRate', 'The tax rate ID (txr_…).') };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    rate: Flags.string({ description: 'New rate in percent.', helpValue: '<percent>' }),
    subdivision: Flags.string({
      description: 'Only this subdivision.',
      helpValue: '<code>',
      exclusive: ['clear-subdivision'],
    }),
    'clear-subdivision': Flags.boolean({ description: 'Apply to the whole region.' }),
    'tax-category': Flags.string({
      description: 'Only this tax category.',
      helpValue: '<category>',
      exclusive: ['clear-tax-category'],
    }),
    'clear-tax-category': Flags.boolean({ description: 'Make it the default rate (no category).' }),
    'applies-to-shipping': Flags.boolean({
      description: 'Whether shipping is taxed at this rate.',
      allowNo: true,
    }),
  };

  async run(): Promise<TaxRate> {
    const { flags } = this;
    const body: UpdateTaxRateRequest = {};
    if (flags.name !== undefined) body.name = flags.name;
    if (flags.rate !== undefined) body.rateBps = parsePercent(flags.rate, '--rate');
    if (flags.subdivision !== undefined) body.subdivision = flags.subdivision;
    if (flags['clear-subdivision']) body.subdivision = null;
    if (flags['tax-category'] !== undefined) body.taxCategory = flags['tax-category'];
    if (flags['clear-tax-category']) body.taxCategory = null;
    if (flags['applies-to-shipping'] !== undefined) body.appliesToShipping = flags['applies-to-shipping'];
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name, --rate, --subdivision, --tax-category or --[no-]applies-to-shipping.',
      });
    }
    const client = await this.client();
    const rate = await client.taxRates.update(this.args.id, body);
    this.out.line(`${this.out.style.green('✓')} Updated tax rate ${this.out.style.bold(rate.name)}.`);
    printTaxRate(this.out, rate);
    return rate;
  }
}
