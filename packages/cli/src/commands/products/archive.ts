import type { Product } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printProduct } from '../../output/print-commerce.js';

export default class ProductsArchive extends BaseCommand<typeof ProductsArchive> {
  static override summary = 'Archive a product (admin).';

  static override description =
    `Archives the product with DELETE /v1/products/:id: it is kept, with active set \
to false, so past orders still refer to it, but it can no longer be ordered and non-admins no longer see it. \
Undo with \`till products update <id> --active\`. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {};

  async run(): Promise<Product> {
    const client = await this.client();
    const product = await client.products.archive(this.args.id);
    this.out.line(`${this.out.style.green('✓')} Archived product ${this.out.style.bold(product.sku)}.`);
    printProduct(this.out, product);
    return product;
  }
}
