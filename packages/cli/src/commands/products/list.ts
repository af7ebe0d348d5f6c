import { Flags } from '@oclif/core';
import type { Product } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { stockText } from '../../output/print-commerce.js';

export default class ProductsList extends BaseCommand<typeof ProductsList> {
  static override summary = 'List products.';

  static override description =
    `Lists the catalog one page at a time (--limit, default 20), or every page with \
--all. Filters by currency, text in the name or SKU (--query), and, for admins, active state. Non-admins see \
active products only.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every EUR product whose name or SKU contains "mug", as JSON.',
      command: '<%= config.bin %> <%= command.id %> --currency EUR --query mug --all --json',
    },
    {
      description: 'Archived products only (admin).',
      command: '<%= config.bin %> <%= command.id %> --no-active',
    },
  ];

  static override flags = {
    currency: Flags.string({
      description: 'Only products priced in this currency.',
      helpValue: '<code>',
      parse: async (value) => value.toUpperCase(),
    }),
    query: Flags.string({
      char: 'q',
      description: 'Case-insensitive text to find in the name or SKU.',
      helpValue: '<text>',
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
    const { currency, query, active, limit, all } = this.flags;
    const result = await collectList(
      client.products.list({ currency, q: query, active, limit: pageSize(limit, all) }),
      all,
    );
    this.print(result);
    return result;
  }

  private print(result: ListDocument<Product>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No products match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (p) => p.id },
      { header: 'SKU', get: (p) => p.sku },
      { header: 'NAME', get: (p) => p.name },
      { header: 'PRICE', get: (p) => formatMoney(p.price, p.currency) },
      { header: 'STOCK', get: (p) => stockText(p.stock, s) },
      { header: 'ACTIVE', get: (p) => (p.active ? 'yes' : s.yellow('no')) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More products follow: pass --all, or a larger --limit.'));
  }
}
