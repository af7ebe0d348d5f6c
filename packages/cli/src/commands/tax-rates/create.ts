import { Flags } from '@oclif/core';
import type { CreateTaxRateRequest, TaxRate } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parsePercent } from '../../commerce/checkout-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { parseId } from '../../id-args.js';
import { printTaxRate } from '../../output/print-checkout.js';

export default class TaxRatesCreate extends BaseCommand<typeof TaxRatesCreate> {
  static override summary = 'Create a tax rate (admin).';

  static override description =
    `Creates a tax rate with POST /v1/tax-rates for a region, optionally only for one \
subdivision (ISO 3166-2, e.g. US-CA, of one of the region's countries) and/or one tax category (variants without a \
category use the rate without one). One rate per region, subdivision and category (409 tax_rate_taken).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --name VAT --rate 20 --applies-to-shipping',
    {
      description: 'A reduced rate for books in one subdivision, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --name "Books" --rate 7.25 --subdivision US-CA --tax-category books --json',
    },
  ];

  static override flags = {
    region: Flags.string({
      description: 'The region (reg_…).',
      helpValue: '<id>',
      required: true,
      parse: async (input) => parseId('region', input),
    }),
    name: Flags.string({ description: 'Name on invoices, e.g. VAT.', helpValue: '<name>', required: true }),
    rate: Flags.string({
      description: 'Rate in percent, e.g. 20 or 7.25.',
      helpValue: '<percent>',
      required: true,
    }),
    subdivision: Flags.string({
      description: 'Only this ISO 3166-2 subdivision, e.g. US-CA.',
      helpValue: '<code>',
    }),
    'tax-category': Flags.string({
      description: 'Only variants of this tax category.',
      helpValue: '<category>',
    }),
    'applies-to-shipping': Flags.boolean({ description: 'Tax shipping at this rate too.' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<TaxRate> {
    const body: CreateTaxRateRequest = {
      regionId: this.flags.region,
      name: this.flags.name,
      rateBps: parsePercent(this.flags.rate, '--rate'),
      appliesToShipping: this.flags['applies-to-shipping'],
    };
    if (this.flags.subdivision !== undefined) body.subdivision = this.flags.subdivision;
    if (this.flags['tax-category'] !== undefined) body.taxCategory = this.flags['tax-category'];
    const client = await this.client();
    const rate = await client.taxRates.create(body, idempotencyOptions(this.flags['idempotency-key']));
    this.out.line(
      `${this.out.style.green('✓')} Created tax rate ${this.out.style.bold(rate.name)} (${rate.id}).`,
    );
    printTaxRate(this.out, rate);
    return rate;
  }
}
