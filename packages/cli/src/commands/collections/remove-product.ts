import type { Collection } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg, idOrHandleArg } from '../../id-args.js';
import { printCollection } from '../../output/print-commerce.js';

export default class CollectionsRemoveProduct extends BaseCommand<typeof CollectionsRemoveProduct> {
  static override summary = 'Take a product out of a collection (admin).';

  static override description = `Removes the product from the collection with DELETE \
/v1/collections/:id/products/:productId; the product stays in the catalog. Prints the collection. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> summer-sale prd_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> summer-sale prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    collection: idOrHandleArg('collection', 'The collection ID (col_…) or handle.'),
    productId: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {};

  async run(): Promise<Collection> {
    const { collection: ref, productId } = this.args;
    const client = await this.client();
    const collection = await client.collections.removeProduct(ref, productId);
    const s = this.out.style;
    this.out.line(`${s.green('✓')} Removed ${s.bold(productId)} from ${s.bold(collection.handle)}.`);
    printCollection(this.out, collection);
    return collection;
  }
}
