import { Flags } from '@oclif/core';
import type { CreateProductRequest, Product } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, parsePairs, sharedFlags } from '../../flags.js';
import { printProduct } from '../../output/print-commerce.js';

export default class ProductsCreate extends BaseCommand<typeof ProductsCreate> {
  static override summary = 'Create a product (admin).';

  static override description =
    `Adds a product to the catalog with POST /v1/products. Prices are integers in \
minor units of the currency (cents): --price 1250 --currency EUR is 12.50 EUR. Without --stock the stock is \
not tracked. The SKU must be unique (409 sku_taken). Needs an admin.`;

  static override examples = [
    {
      description: 'A mug at 12.50 EUR with 100 in stock.',
      command:
        '<%= config.bin %> <%= command.id %> --sku MUG-01 --name "Mug" --price 1250 --currency EUR --stock 100',
    },
    {
      description: 'A digital product with untracked stock and metadata, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --sku EBOOK --name "E-book" --price 900 --currency USD --metadata format=pdf --json',
    },
  ];

  static override flags = {
    sku: Flags.string({
      description: 'Unique SKU: letters, digits, ".", "_" or "-", up to 64.',
      helpValue: '<sku>',
      required: true,
    }),
    name: Flags.string({ description: 'Product name.', helpValue: '<name>', required: true }),
    price: Flags.integer({
      description: 'Unit price in minor units (e.g. 1250 for 12.50 EUR).',
      helpValue: '<minor units>',
      min: 0,
      required: true,
    }),
    currency: Flags.string({
      description: 'ISO 4217 currency code, e.g. EUR.',
      helpValue: '<code>',
      required: true,
      parse: async (value) => value.toUpperCase(),
    }),
    description: Flags.string({ description: 'Longer description.', helpValue: '<text>' }),
    stock: Flags.integer({ description: 'Units on hand (default: stock not tracked).', min: 0 }),
    inactive: Flags.boolean({ description: 'Create it archived (hidden from the shop).' }),
    metadata: Flags.string({
      description: 'Metadata pair key=value.',
      helpValue: '<key=value>',
      multiple: true,
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Product> {
    const { sku, name, price, currency, description, stock, inactive, metadata } = this.flags;
    const body: CreateProductRequest = { sku, name, price, currency };
    if (description !== undefined) body.description = description;
    if (stock !== undefined) body.stock = stock;
    if (inactive) body.active = false;
    const pairs = parsePairs(metadata, '--metadata');
    if (pairs) body.metadata = pairs;
    const client = await this.client();
    const product = await client.products.create(body, idempotencyOptions(this.flags['idempotency-key']));
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Created product ${s.bold(product.sku)} (${product.id}) at ${formatMoney(product.price, product.currency)}.`,
    );
    printProduct(this.out, product);
    return product;
  }
}
