import type { SavedAddress } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { defaultsOf, formatAddress } from '../../output/print-address.js';

export default class AddressesList extends BaseCommand<typeof AddressesList> {
  static override summary = 'List your saved addresses.';

  static override description =
    `Lists the signed-in user's address book with GET /v1/me/addresses: the default \
shipping and billing addresses first, then the newest, one page at a time (--limit, default 20), or every page with \
--all.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every saved address, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --all --json',
    },
  ];

  static override flags = { limit: sharedFlags.limit(), all: sharedFlags.all() };

  async run(): Promise<ListDocument<SavedAddress>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(client.me.addresses.list({ limit: pageSize(limit, all) }), all);
    if (result.data.length === 0) this.out.line('No saved addresses.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (a) => a.id },
        { header: 'DEFAULT', get: (a) => defaultsOf(a) },
        { header: 'ADDRESS', get: (a) => formatAddress(a.address) },
      ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More addresses follow: pass --all, or a larger --limit.'));
    return result;
  }
}
