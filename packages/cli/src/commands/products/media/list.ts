import type { Media } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import type { ListDocument } from '../../../output/format.js';
import { collectList } from '../../../output/list.js';
import { printMediaTable } from '../../../output/print-commerce.js';

export default class ProductsMediaList extends BaseCommand<typeof ProductsMediaList> {
  static override summary = "List a product's images.";

  static override description =
    `Lists the images of a product with GET /v1/products/:id/media, in their order: \
position, ID, type, size, width x height and alt text. Anyone who may see the product may list them (an archived \
product's only admins).

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": false }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON, e.g. for the URLs.',
      command: '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    productId: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {};

  async run(): Promise<ListDocument<Media>> {
    const client = await this.client();
    const result = await collectList(client.products.media.list(this.args.productId), true);
    if (result.data.length === 0) this.out.line('No images.');
    else printMediaTable(this.out, result.data);
    return result;
  }
}
