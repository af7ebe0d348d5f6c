import { Flags } from '@oclif/core';
import type { Product } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { productPriceText, productStockText } from '../../output/print-commerce.js';

export default class ProductsList extends BaseCommand<typeof ProductsList> {
  static override summary = 'List and search products.';

  static override description =
    `Lists the catalog one page at a time (--limit, default 20), or every page with \
--all. --query searches names, descriptions, SKUs and option values (word prefixes match, accents are ignored) \
and orders the results by relevance. Filters: --collection (ID or handle), --currency with --min-price and \
--max-price (minor units of that currency), --in-stock and, for admins, --[no-]active. Non-admins see active \
products only. The PRICE column is in --currency when given.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Search for "linen shirt", as JSON.',
      command: '<%= config.bin %> <%= command.id %> --query "linen shirt" --all --json',
    },
    {
      description: 'What the summer-sale collection has in stock for 10 to 25 USD.',
      command:
        '<%= config.bin %> <%= command.id %> --collection summer-sale --in-stock --currency USD --min-price 1000 --max-price 2500',
    },
    {
      description: 'Archived products only (admin).',
      command: '<%= config.bin %> <%= command.id %> --no-active',
    },
  ];

  static override flags = {
    query: Flags.string({
      char: 'q',
      description: 'Full-text search over names, descriptions, SKUs and option values; ranked by relevance.',
      helpValue: '<text>',
    }),
    collection: Flags.string({
      description: 'Only products in this collection (ID or handle).',
      helpValue: '<id|handle>',
    }),
    currency: Flags.string({
      description: 'Only products with a price in this currency; prices are shown in it.',
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    'min-price': Flags.integer({
      description: 'Lowest price in minor units of --currency (e.g. 1000 for 10.00).',
      helpValue: '<minor units>',
      min: 0,
      dependsOn: ['currency'],
    }),
    'max-price': Flags.integer({
      description: 'Highest price in minor units of --currency.',
      helpValue: '<minor units>',
      min: 0,
      dependsOn: ['currency'],
    }),
    'in-stock': Flags.boolean({
      description: 'Only products with a variant in stock (or not tracking stock).',
    }),
    active: Flags.boolean({
      allowNo: true,
      description: 'Admins: only active products (--no-active: only archived ones). Default: all.',
    }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Product>> {
    const client = await this.client();
    const { currency, query, collection, active, limit, all } = this.flags;
    const result = await collectList(
      client.products.list({
        q: query,
        collection,
        currency,
        minPrice: this.flags['min-price'],
        maxPrice: this.flags['max-price'],
        inStock: this.flags['in-stock'] ? true : undefined,
        active,
        limit: pageSize(limit, all),
      }),
      all,
    );
    this.print(result, currency);
    return result;
  }

  private print(result: ListDocument<Product>, currency: string | undefined): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No products match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (p) => p.id },
      { header: 'SKU', get: (p) => p.sku },
      { header: 'NAME', get: (p) => p.name },
      { header: 'PRICE', get: (p) => productPriceText(p, currency ?? p.currency, s) },
      { header: 'VARIANTS', get: (p) => String(p.variants?.length ?? 1) },
      { header: 'STOCK', get: (p) => productStockText(p, s) },
      { header: 'ACTIVE', get: (p) => (p.active ? 'yes' : s.yellow('no')) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More products follow: pass --all, or a larger --limit.'));
  }
}
