import type { Collection } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idOrHandleArg } from '../../id-args.js';
import { printCollection } from '../../output/print-commerce.js';

export default class CollectionsGet extends BaseCommand<typeof CollectionsGet> {
  static override summary = 'Show one collection.';

  static override description =
    'Fetches the collection with GET /v1/collections/:id (an ID or a handle) and prints it with its products in order. List the products themselves with `till products list --collection <handle>`.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> summer-sale',
    {
      description: 'By ID, as JSON.',
      command: '<%= config.bin %> <%= command.id %> col_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    collection: idOrHandleArg('collection', 'The collection ID (col_…) or handle.'),
  };

  static override flags = {};

  async run(): Promise<Collection> {
    const client = await this.client();
    const collection = await client.collections.get(this.args.collection);
    printCollection(this.out, collection);
    return collection;
  }
}
