import { Flags } from '@oclif/core';
import type { CreateVariantRequest, Variant } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { parsePrices, parseVariantOptions } from '../../../commerce/catalog-flags.js';
import { idempotencyOptions, sharedFlags } from '../../../flags.js';
import { idArg } from '../../../id-args.js';
import { pricesText, printVariant } from '../../../output/print-commerce.js';

export default class ProductsVariantsCreate extends BaseCommand<typeof ProductsVariantsCreate> {
  static override summary = 'Add a variant to a product (admin).';

  static override description =
    `Adds a variant with POST /v1/products/:id/variants. Give one --price per currency \
as CURRENCY:minor-units (EUR:1999 is 19.99 EUR), and one --option name=value for each of the product's options \
(add allowed values with \`till products update <id> --option Size=S,M,L\`). Without --stock the stock is not \
tracked. The SKU must be unique (409 sku_taken); options the product does not allow, or a combination another \
active variant has, fail with 422 options_invalid. Needs an admin.`;

  static override examples = [
    {
      description: 'Size M at 19.99 EUR and 21.99 USD, 10 in stock.',
      command:
        '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --sku TEE-M --price EUR:1999 --price USD:2199 --option Size=M --stock 10',
    },
    {
      description: 'With weight and tax category, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --sku BOOK-HC --price EUR:2500 --option Binding=Hardcover --grams 640 --tax-category books --json',
    },
  ];

  static override args = {
    productId: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {
    sku: Flags.string({
      description: 'Unique SKU: letters, digits, ".", "_" or "-", up to 64.',
      helpValue: '<sku>',
      required: true,
    }),
    price: Flags.string({
      description: 'A price as CURRENCY:minor-units, e.g. EUR:1999; repeat for each currency.',
      helpValue: '<CUR:amount>',
      multiple: true,
      required: true,
    }),
    option: Flags.string({
      description: "The variant's value of one product option, e.g. Size=M; repeat for each option.",
      helpValue: '<name=value>',
      multiple: true,
    }),
    title: Flags.string({
      description: 'Display title (default: the option values joined by " / ").',
      helpValue: '<title>',
    }),
    stock: Flags.integer({ description: 'Units on hand (default: stock not tracked).', min: 0 }),
    grams: Flags.integer({ description: 'Shipping weight in grams.', helpValue: '<grams>', min: 0 }),
    'tax-category': Flags.string({
      description: 'Tax category, e.g. reduced (default: the standard rate).',
      helpValue: '<category>',
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Variant> {
    const f = this.flags;
    const body: CreateVariantRequest = { sku: f.sku, prices: parsePrices(f.price) ?? [] };
    const options = parseVariantOptions(f.option);
    if (options) body.options = options;
    if (f.title !== undefined) body.title = f.title;
    if (f.stock !== undefined) body.stock = f.stock;
    if (f.grams !== undefined) body.grams = f.grams;
    if (f['tax-category'] !== undefined) body.taxCategory = f['tax-category'];
    const client = await this.client();
    const variant = await client.products.variants.create(
      this.args.productId,
      body,
      idempotencyOptions(f['idempotency-key']),
    );
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Created variant ${s.bold(variant.sku)} (${variant.id}) at ${pricesText(variant.prices, s)}.`,
    );
    printVariant(this.out, variant);
    return variant;
  }
}
