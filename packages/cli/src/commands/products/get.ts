import type { Product } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printProduct } from '../../output/print-commerce.js';

export default class ProductsGet extends BaseCommand<typeof ProductsGet> {
  static override summary = 'Show one product.';

  static override description =
    'Fetches the product with GET /v1/products/:id and prints it: handle, default SKU and price, options and state, then a table of its variants (ID, SKU, title, prices per currency, stock) and one of its images (position, ID, type, size, width x height, alt text).';

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
    const product = await client.products.get(this.args.id);
    printProduct(this.out, product);
    return product;
  }
}
