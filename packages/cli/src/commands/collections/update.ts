import { Flags } from '@oclif/core';
import type { Collection, UpdateCollectionRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idOrHandleArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printCollection } from '../../output/print-commerce.js';

export default class CollectionsUpdate extends BaseCommand<typeof CollectionsUpdate> {
  static override summary = "Change a collection's title, handle or description (admin).";

  static override description =
    `Updates the collection with PATCH /v1/collections/:id (an ID or a handle); only \
the given fields change. A new handle must be free (409 handle_taken). Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> summer-sale --title "Summer sale: last days"',
    {
      description: 'A new handle, and no description.',
      command:
        '<%= config.bin %> <%= command.id %> col_01JABCDEFGHJKMNPQRSTVWXYZ0 --handle sale --clear-description',
    },
  ];

  static override args = {
    collection: idOrHandleArg('collection', 'The collection ID (col_…) or handle.'),
  };

  static override flags = {
    title: Flags.string({ description: 'New title.', helpValue: '<title>' }),
    handle: Flags.string({ description: 'New URL slug.', helpValue: '<handle>' }),
    description: Flags.string({
      description: 'New description.',
      helpValue: '<text>',
      exclusive: ['clear-description'],
    }),
    'clear-description': Flags.boolean({
      description: 'Remove the description.',
      exclusive: ['description'],
    }),
  };

  async run(): Promise<Collection> {
    const { title, handle, description } = this.flags;
    const body: UpdateCollectionRequest = {};
    if (title !== undefined) body.title = title;
    if (handle !== undefined) body.handle = handle;
    if (description !== undefined) body.description = description;
    if (this.flags['clear-description']) body.description = null;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --title, --handle, --description or --clear-description.',
      });
    }
    const client = await this.client();
    const collection = await client.collections.update(this.args.collection, body);
    this.out.line(
      `${this.out.style.green('✓')} Updated collection ${this.out.style.bold(collection.handle)}.`,
    );
    printCollection(this.out, collection);
    return collection;
  }
}
