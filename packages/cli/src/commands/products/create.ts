import { Flags } from '@oclif/core';
import type { CreateProductRequest, Product } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { readJsonInput } from '../../api/api-request.js';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, parsePairs, sharedFlags } from '../../flags.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printProduct } from '../../output/print-commerce.js';

/** The flags of the simple form, which --from-file replaces. */
const SIMPLE = ['sku', 'name', 'price', 'currency', 'description', 'stock', 'inactive', 'metadata', 'handle'];

export default class ProductsCreate extends BaseCommand<typeof ProductsCreate> {
  static override summary = 'Create a product (admin).';

  static override description =
    `Adds a product to the catalog with POST /v1/products. The flags make a product \
with one variant: prices are integers in minor units of the currency (cents), so --price 1250 --currency EUR is \
12.50 EUR, and without --stock the stock is not tracked. For a product with options and several variants, give the \
whole JSON body with --from-file (a file, or - for stdin), e.g. {"name":"Tee","options":[{"name":"Size",\
"values":["S","M"]}],"variants":[{"sku":"TEE-S","options":{"Size":"S"},"prices":[{"currency":"EUR",\
"amount":1999}]},…]}, or add variants later with \`till products variants create\`.

SKUs must be unique (409 sku_taken), and so must handles (409 handle_taken). Needs an admin.`;

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
    {
      description: 'A T-shirt in sizes S and M, with prices in EUR and USD, from a JSON file.',
      command: '<%= config.bin %> <%= command.id %> --from-file tee.json',
    },
  ];

  static override flags = {
    sku: Flags.string({
      description: 'Unique SKU: letters, digits, ".", "_" or "-", up to 64.',
      helpValue: '<sku>',
    }),
    name: Flags.string({ description: 'Product name.', helpValue: '<name>' }),
    price: Flags.integer({
      description: 'Unit price in minor units (e.g. 1250 for 12.50 EUR).',
      helpValue: '<minor units>',
      min: 0,
    }),
    currency: Flags.string({
      description: 'ISO 4217 currency code, e.g. EUR.',
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    handle: Flags.string({
      description: 'URL slug, e.g. linen-shirt (default: made from the name).',
      helpValue: '<handle>',
    }),
    description: Flags.string({ description: 'Longer description.', helpValue: '<text>' }),
    stock: Flags.integer({ description: 'Units on hand (default: stock not tracked).', min: 0 }),
    inactive: Flags.boolean({ description: 'Create it archived (hidden from the shop).' }),
    metadata: Flags.string({
      description: 'Metadata pair key=value.',
      helpValue: '<key=value>',
      multiple: true,
    }),
    'from-file': Flags.string({
      description: 'Read the whole JSON product body (options and variants) from a file, or stdin with "-".',
      helpValue: '<file|->',
      exclusive: SIMPLE,
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Product> {
    const body = await this.body();
    const client = await this.client();
    const product = await client.products.create(body, idempotencyOptions(this.flags['idempotency-key']));
    const s = this.out.style;
    const variants = product.variants?.length ?? 1;
    this.out.line(
      `${s.green('✓')} Created product ${s.bold(product.name)} (${product.id}) ` +
        (variants === 1
          ? `at ${formatMoney(product.price, product.currency)}.`
          : `with ${variants} variants.`),
    );
    printProduct(this.out, product);
    return product;
  }

  private async body(): Promise<CreateProductRequest> {
    const source = this.flags['from-file'];
    if (source !== undefined) {
      const body = await readJsonInput(source, process.stdin, '--from-file');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new CliFailure(
          `--from-file ${source === '-' ? 'from stdin' : source} must hold a JSON object such as {"name":…}.`,
          'invalid_input',
          { exitCode: EXIT.usage },
        );
      }
      return body as CreateProductRequest;
    }
    const { sku, name, price, currency, handle, description, stock, inactive, metadata } = this.flags;
    if (sku === undefined || name === undefined || price === undefined || currency === undefined) {
      const missing = Object.entries({ sku, name, price, currency })
        .filter(([, value]) => value === undefined)
        .map(([flag]) => `--${flag}`);
      throw new CliFailure(`Missing ${missing.join(', ')}.`, 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --sku, --name, --price and --currency, or the whole body with --from-file.',
      });
    }
    const body: CreateProductRequest = { sku, name, price, currency };
    if (handle !== undefined) body.handle = handle;
    if (description !== undefined) body.description = description;
    if (stock !== undefined) body.stock = stock;
    if (inactive) body.active = false;
    const pairs = parsePairs(metadata, '--metadata');
    if (pairs) body.metadata = pairs;
    return body;
  }
}
