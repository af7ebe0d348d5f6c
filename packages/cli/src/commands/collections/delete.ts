import { Flags } from '@oclif/core';
import type { Collection } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idOrHandleArg } from '../../id-args.js';

export default class CollectionsDelete extends BaseCommand<typeof CollectionsDelete> {
  static override summary = 'Delete a collection (admin).';

  static override description =
    `Deletes the collection with DELETE /v1/collections/:id (an ID or a handle); its \
products stay in the catalog. --json prints the deleted collection. Asks for confirmation on a terminal; elsewhere \
(pipes, CI) pass --yes. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> summer-sale',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> col_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = {
    collection: idOrHandleArg('collection', 'The collection ID (col_…) or handle.'),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<Collection> {
    const ref = this.args.collection;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete collection ${ref}? This cannot be undone.`,
      `Refusing to delete collection ${ref} without confirmation.`,
    );
    const client = await this.client();
    const collection = await client.collections.delete(ref);
    this.out.line(
      `${this.out.style.green('✓')} Deleted collection ${this.out.style.bold(collection.handle)} (${collection.id}).`,
    );
    return collection;
  }
}
