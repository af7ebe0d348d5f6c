import { Args, Flags } from '@oclif/core';
import type { Product, UpdateProductRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parsePairs } from '../../flags.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printProduct } from '../../output/print-commerce.js';

export default class ProductsUpdate extends BaseCommand<typeof ProductsUpdate> {
  static override summary = "Change a product's name, description, price or state (admin).";

  static override description =
    `Updates the product with PATCH /v1/products/:id; only the given fields change. \
Prices are in minor units. Existing orders keep the price they were placed at. Stock is changed with \
\`till products adjust-stock\`, which records a reason. --metadata replaces all metadata. Needs an admin.`;

  static override examples = [
    {
      description: 'Raise the price to 14.00 EUR.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --price 1400',
    },
    {
      description: 'Bring an archived product back.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --active',
    },
  ];

  static override args = {
    id: Args.string({ description: 'The product ID (prd_…).', required: true }),
  };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    description: Flags.string({
      description: 'New description.',
      helpValue: '<text>',
      exclusive: ['clear-description'],
    }),
    'clear-description': Flags.boolean({
      description: 'Remove the description.',
      exclusive: ['description'],
    }),
    price: Flags.integer({
      description: 'New unit price in minor units.',
      helpValue: '<minor units>',
      min: 0,
    }),
    currency: Flags.string({
      description: 'New ISO 4217 currency code.',
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    active: Flags.boolean({ allowNo: true, description: 'Make it active (--no-active: archive it).' }),
    metadata: Flags.string({
      description: 'Metadata pair key=value; replaces all metadata.',
      helpValue: '<key=value>',
      multiple: true,
    }),
  };

  async run(): Promise<Product> {
    const { name, description, price, currency, active, metadata } = this.flags;
    const body: UpdateProductRequest = {};
    if (name !== undefined) body.name = name;
    if (description !== undefined) body.description = description;
    if (this.flags['clear-description']) body.description = null;
    if (price !== undefined) body.price = price;
    if (currency !== undefined) body.currency = currency;
    if (active !== undefined) body.active = active;
    const pairs = parsePairs(metadata, '--metadata');
    if (pairs) body.metadata = pairs;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name, --description, --clear-description, --price, --currency, --[no-]active or --metadata.',
      });
    }
    const client = await this.client();
    const product = await client.products.update(this.args.id, body);
    this.out.line(`${this.out.style.green('✓')} Updated product ${this.out.style.bold(product.sku)}.`);
    printProduct(this.out, product);
    return product;
  }
}
