import { Flags } from '@oclif/core';
import type { Region, UpdateRegionRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parseCountries } from '../../commerce/checkout-flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printRegion } from '../../output/print-checkout.js';

export default class RegionsUpdate extends BaseCommand<typeof RegionsUpdate> {
  static override summary = "Change a region's name, countries, currency or tax setting (admin).";

  static override description =
    `Updates the region with PATCH /v1/regions/:id; only the given fields change. \
--country replaces the whole list. The currency cannot change while the region has shipping methods \
(409 region_in_use).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --country DE,FR,NL,BE',
    {
      description: 'Prices without tax, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --no-prices-include-tax --json',
    },
  ];

  static override args = { id: idArg('region', 'The region ID (reg_…).') };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    country: Flags.string({
      description: 'The new list of countries, repeatable or comma-separated.',
      helpValue: '<codes>',
      multiple: true,
    }),
    currency: Flags.string({ description: 'New ISO 4217 currency.', helpValue: '<code>' }),
    'prices-include-tax': Flags.boolean({ description: 'Whether prices include tax.', allowNo: true }),
  };

  async run(): Promise<Region> {
    const body: UpdateRegionRequest = {};
    if (this.flags.name !== undefined) body.name = this.flags.name;
    const countries = parseCountries(this.flags.country);
    if (countries) body.countries = countries;
    if (this.flags.currency !== undefined) body.currency = this.flags.currency.toUpperCase();
    if (this.flags['prices-include-tax'] !== undefined)
      body.pricesIncludeTax = this.flags['prices-include-tax'];
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name, --country, --currency or --[no-]prices-include-tax.',
      });
    }
    const client = await this.client();
    const region = await client.regions.update(this.args.id, body);
    this.out.line(`${this.out.style.green('✓')} Updated region ${this.out.style.bold(region.name)}.`);
    printRegion(this.out, region);
    return region;
  }
}
