import { Flags } from '@oclif/core';
import type { Collection } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg, idOrHandleArg } from '../../id-args.js';
import { printCollection } from '../../output/print-commerce.js';

export default class CollectionsAddProduct extends BaseCommand<typeof CollectionsAddProduct> {
  static override summary = 'Add a product to a collection, or move it (admin).';

  static override description = `Puts the product into the collection with PUT \
/v1/collections/:id/products/:productId, at --position (0-based; default: the end). A product already in the \
collection moves to that position. Prints the collection with its products in order. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> summer-sale prd_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Make it the first product, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> summer-sale prd_01JABCDEFGHJKMNPQRSTVWXYZ0 --position 0 --json',
    },
  ];

  static override args = {
    collection: idOrHandleArg('collection', 'The collection ID (col_…) or handle.'),
    productId: idArg('product', 'The product ID (prd_…).'),
  };

  static override flags = {
    position: Flags.integer({
      description: '0-based place in the collection (default: the end).',
      helpValue: '<n>',
      min: 0,
    }),
  };

  async run(): Promise<Collection> {
    const { collection: ref, productId } = this.args;
    const { position } = this.flags;
    const client = await this.client();
    const collection = await client.collections.addProduct(
      ref,
      productId,
      position === undefined ? {} : { position },
    );
    const at = collection.productIds.indexOf(productId);
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} ${s.bold(productId)} is in ${s.bold(collection.handle)}${at >= 0 ? ` at position ${at}` : ''}.`,
    );
    printCollection(this.out, collection);
    return collection;
  }
}
