import { Flags } from '@oclif/core';
import type { Product, UpdateProductRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parseProductOptions } from '../../commerce/catalog-flags.js';
import { parsePairs } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printProduct } from '../../output/print-commerce.js';

export default class ProductsUpdate extends BaseCommand<typeof ProductsUpdate> {
  static override summary = "Change a product's name, handle, description, price, options or state (admin).";

  static override description =
    `Updates the product with PATCH /v1/products/:id; only the given fields change. \
--price and --currency change the price of a product with one variant (prices of variants are changed with \
\`till products variants update\`); prices are in minor units, and existing orders keep the price they were placed \
at. --option Size=S,M,L (repeatable) replaces the options: variants get the first value of an added option and \
lose a removed one. Stock is changed with \`till products adjust-stock\` or \`till variants adjust-stock\`, which \
record a reason. --metadata replaces all metadata. Needs an admin.`;

  static override examples = [
    {
      description: 'Raise the price to 14.00 EUR.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --price 1400',
    },
    {
      description: 'Offer sizes S, M and L (then add variants with `till products variants create`).',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --option Size=S,M,L',
    },
    {
      description: 'Bring an archived product back.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --active',
    },
  ];

  static override args = {
    id: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    handle: Flags.string({ description: 'New URL slug, e.g. linen-shirt.', helpValue: '<handle>' }),
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
    option: Flags.string({
      description: 'An option and its values, e.g. Size=S,M,L; repeat for each option. Replaces all options.',
      helpValue: '<name=v1,v2>',
      multiple: true,
    }),
    active: Flags.boolean({ allowNo: true, description: 'Make it active (--no-active: archive it).' }),
    metadata: Flags.string({
      description: 'Metadata pair key=value; replaces all metadata.',
      helpValue: '<key=value>',
      multiple: true,
    }),
  };

  async run(): Promise<Product> {
    const { name, handle, description, price, currency, option, active, metadata } = this.flags;
    const body: UpdateProductRequest = {};
    if (name !== undefined) body.name = name;
    if (handle !== undefined) body.handle = handle;
    if (description !== undefined) body.description = description;
    if (this.flags['clear-description']) body.description = null;
    if (price !== undefined) body.price = price;
    if (currency !== undefined) body.currency = currency;
    const options = parseProductOptions(option);
    if (options) body.options = options;
    if (active !== undefined) body.active = active;
    const pairs = parsePairs(metadata, '--metadata');
    if (pairs) body.metadata = pairs;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name, --handle, --description, --clear-description, --price, --currency, --option, --[no-]active or --metadata.',
      });
    }
    const client = await this.client();
    const product = await client.products.update(this.args.id, body);
    this.out.line(`${this.out.style.green('✓')} Updated product ${this.out.style.bold(product.name)}.`);
    printProduct(this.out, product);
    return product;
  }
}
