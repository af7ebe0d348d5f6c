import { Flags } from '@oclif/core';
import type { Variant } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { sharedFlags } from '../../../flags.js';
import { idArg } from '../../../id-args.js';
import type { ListDocument } from '../../../output/format.js';
import { collectList, pageSize } from '../../../output/list.js';
import { printVariantsTable } from '../../../output/print-commerce.js';

export default class ProductsVariantsList extends BaseCommand<typeof ProductsVariantsList> {
  static override summary = "List a product's variants.";

  static override description =
    `Lists the variants of a product with GET /v1/products/:id/variants, in their \
order: SKU, title (the option values), prices per currency and stock. One page at a time (--limit, default 20), \
or every page with --all. Admins see archived variants too unless --active or --no-active is given; others see \
active ones only.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Every active variant, as JSON.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --active --all --json',
    },
  ];

  static override args = {
    productId: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {
    active: Flags.boolean({
      allowNo: true,
      description: 'Only active variants (--no-active: only archived ones). Default: all for admins.',
    }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Variant>> {
    const client = await this.client();
    const { active, limit, all } = this.flags;
    const result = await collectList(
      client.products.variants.list(this.args.productId, { active, limit: pageSize(limit, all) }),
      all,
    );
    if (result.data.length === 0) this.out.line('No variants match.');
    else printVariantsTable(this.out, result.data);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More variants follow: pass --all, or a larger --limit.'));
    return result;
  }
}
