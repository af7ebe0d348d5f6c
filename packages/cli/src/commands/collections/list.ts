import type { Collection } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';

export default class CollectionsList extends BaseCommand<typeof CollectionsList> {
  static override summary = 'List collections.';

  static override description = `Lists the collections (named, ordered sets of products) one page at a time \
(--limit, default 20), or every page with --all.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every collection, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --all --json',
    },
  ];

  static override flags = { limit: sharedFlags.limit(), all: sharedFlags.all() };

  async run(): Promise<ListDocument<Collection>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(client.collections.list({ limit: pageSize(limit, all) }), all);
    const s = this.out.style;
    if (result.data.length === 0) this.out.line('No collections.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (c) => c.id },
        { header: 'HANDLE', get: (c) => c.handle },
        { header: 'TITLE', get: (c) => c.title },
        { header: 'PRODUCTS', get: (c) => String(c.productIds.length) },
        { header: 'UPDATED', get: (c) => formatTime(c.updatedAt, s) },
      ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More collections follow: pass --all, or a larger --limit.'));
    return result;
  }
}
