import { Flags } from '@oclif/core';
import type { CreateRegionRequest, Region } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parseCountries } from '../../commerce/checkout-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { printRegion } from '../../output/print-checkout.js';

export default class RegionsCreate extends BaseCommand<typeof RegionsCreate> {
  static override summary = 'Create a region (admin).';

  static override description = `Creates a region with POST /v1/regions: a name, its countries (ISO 3166-1 \
alpha-2; a country belongs to at most one region, 409 country_taken names the region that has it), one currency, \
and whether its prices include tax.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name Europe --country DE,FR,NL --currency EUR --prices-include-tax',
    {
      description: 'As JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --name "United States" --country US --currency USD --json',
    },
  ];

  static override flags = {
    name: Flags.string({ description: 'Name, e.g. "Europe".', helpValue: '<name>', required: true }),
    country: Flags.string({
      description: 'Country code(s), repeatable or comma-separated, e.g. DE,FR.',
      helpValue: '<codes>',
      multiple: true,
      required: true,
    }),
    currency: Flags.string({
      description: 'ISO 4217 currency, e.g. EUR.',
      helpValue: '<code>',
      required: true,
    }),
    'prices-include-tax': Flags.boolean({ description: 'Prices in this region include tax (default: no).' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Region> {
    const body: CreateRegionRequest = {
      name: this.flags.name,
      countries: parseCountries(this.flags.country) ?? [],
      currency: this.flags.currency.toUpperCase(),
      pricesIncludeTax: this.flags['prices-include-tax'],
    };
    const client = await this.client();
    const region = await client.regions.create(body, idempotencyOptions(this.flags['idempotency-key']));
    this.out.line(
      `${this.out.style.green('✓')} Created region ${this.out.style.bold(region.name)} (${region.id}).`,
    );
    printRegion(this.out, region);
    return region;
  }
}
