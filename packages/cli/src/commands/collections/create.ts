import { Flags } from '@oclif/core';
import type { Collection, CreateCollectionRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { printCollection } from '../../output/print-commerce.js';

export default class CollectionsCreate extends BaseCommand<typeof CollectionsCreate> {
  static override summary = 'Create a collection (admin).';

  static override description =
    `Creates a collection with POST /v1/collections. Without --handle, the handle \
(the URL slug, unique across products and collections) is made from the title; a taken one fails with 409 \
handle_taken. Add products with \`till collections add-product\`. Needs an admin.`;

  static override examples = [
    {
      description: 'A collection with the handle "summer-sale".',
      command: '<%= config.bin %> <%= command.id %> --title "Summer sale"',
    },
    {
      description: 'With its own handle and a description, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --title "Gifts under 20 EUR" --handle gifts --description "Small things" --json',
    },
  ];

  static override flags = {
    title: Flags.string({ description: 'Title, e.g. "Summer sale".', helpValue: '<title>', required: true }),
    handle: Flags.string({
      description: 'URL slug: lower-case letters, digits and single hyphens (default: from the title).',
      helpValue: '<handle>',
    }),
    description: Flags.string({ description: 'Longer description.', helpValue: '<text>' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Collection> {
    const { title, handle, description } = this.flags;
    const body: CreateCollectionRequest = { title };
    if (handle !== undefined) body.handle = handle;
    if (description !== undefined) body.description = description;
    const client = await this.client();
    const collection = await client.collections.create(
      body,
      idempotencyOptions(this.flags['idempotency-key']),
    );
    const s = this.out.style;
    this.out.line(`${s.green('✓')} Created collection ${s.bold(collection.handle)} (${collection.id}).`);
    printCollection(this.out, collection);
    return collection;
  }
}
