import { Flags } from '@oclif/core';
import type { UpdateVariantRequest, Variant } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { parsePrices, parseVariantOptions } from '../../../commerce/catalog-flags.js';
import { idArg } from '../../../id-args.js';
import { CliFailure, EXIT } from '../../../output/describe-error.js';
import { printVariant } from '../../../output/print-commerce.js';

export default class ProductsVariantsUpdate extends BaseCommand<typeof ProductsVariantsUpdate> {
  static override summary = "Change a variant's SKU, prices, options, weight, tax category or state (admin).";

  static override description =
    `Updates the variant with PATCH /v1/variants/:id; only the given fields change. \
--price (repeatable, CURRENCY:minor-units) replaces the whole price list, and --option (repeatable, name=value) \
all option values. Existing orders keep the price they were placed at. Stock is changed with \
\`till variants adjust-stock\`, which records a reason. Needs an admin.`;

  static override examples = [
    {
      description: 'New prices in EUR and USD (any other currency is dropped).',
      command:
        '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --price EUR:2199 --price USD:2399',
    },
    {
      description: 'Bring an archived variant back.',
      command: '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --active',
    },
  ];

  static override args = {
    variantId: idArg('variant', 'The variant ID (var_…).'),
  };

  static override flags = {
    sku: Flags.string({ description: 'New SKU.', helpValue: '<sku>' }),
    title: Flags.string({ description: 'New display title.', helpValue: '<title>' }),
    price: Flags.string({
      description: 'A price as CURRENCY:minor-units; repeat for each currency. Replaces all prices.',
      helpValue: '<CUR:amount>',
      multiple: true,
    }),
    option: Flags.string({
      description: 'An option value, e.g. Size=L; repeat for each option. Replaces all option values.',
      helpValue: '<name=value>',
      multiple: true,
    }),
    grams: Flags.integer({
      description: 'New shipping weight in grams.',
      helpValue: '<grams>',
      min: 0,
      exclusive: ['clear-grams'],
    }),
    'clear-grams': Flags.boolean({ description: 'Remove the weight.', exclusive: ['grams'] }),
    'tax-category': Flags.string({
      description: 'New tax category, e.g. reduced.',
      helpValue: '<category>',
      exclusive: ['clear-tax-category'],
    }),
    'clear-tax-category': Flags.boolean({
      description: 'Back to the default tax rate.',
      exclusive: ['tax-category'],
    }),
    active: Flags.boolean({ allowNo: true, description: 'Make it active (--no-active: archive it).' }),
  };

  async run(): Promise<Variant> {
    const f = this.flags;
    const body: UpdateVariantRequest = {};
    if (f.sku !== undefined) body.sku = f.sku;
    if (f.title !== undefined) body.title = f.title;
    const prices = parsePrices(f.price);
    if (prices) body.prices = prices;
    const options = parseVariantOptions(f.option);
    if (options) body.options = options;
    if (f.grams !== undefined) body.grams = f.grams;
    if (f['clear-grams']) body.grams = null;
    if (f['tax-category'] !== undefined) body.taxCategory = f['tax-category'];
    if (f['clear-tax-category']) body.taxCategory = null;
    if (f.active !== undefined) body.active = f.active;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --sku, --title, --price, --option, --grams, --clear-grams, --tax-category, --clear-tax-category or --[no-]active.',
      });
    }
    const client = await this.client();
    const variant = await client.variants.update(this.args.variantId, body);
    this.out.line(`${this.out.style.green('✓')} Updated variant ${this.out.style.bold(variant.sku)}.`);
    printVariant(this.out, variant);
    return variant;
  }
}
