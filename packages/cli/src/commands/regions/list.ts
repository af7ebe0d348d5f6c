import { Flags } from '@oclif/core';
import type { Region } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';

export default class RegionsList extends BaseCommand<typeof RegionsList> {
  static override summary = 'List regions.';

  static override description =
    `Lists the regions (markets: countries, currency, whether prices include tax) one page at a time (--limit, default 20), or every page with --all; --country finds the region holding a country.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Filtered, as JSON.', command: '<%= config.bin %> <%= command.id %> --country DE --json' },
  ];

  static override flags = {
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
    country: Flags.string({
      description: 'Only the region holding this country (ISO 3166-1 alpha-2).',
      helpValue: '<code>',
    }),
  };

  async run(): Promise<ListDocument<Region>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(
      client.regions.list({
        limit: pageSize(limit, all),
        ...(this.flags.country === undefined ? {} : { country: this.flags.country }),
      }),
      all,
    );
    if (result.data.length === 0) this.out.line('No regions.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (r) => r.id },
        { header: 'NAME', get: (r) => r.name },
        { header: 'COUNTRIES', get: (r) => r.countries.join(',') },
        { header: 'CURRENCY', get: (r) => r.currency },
        { header: 'TAX INCL.', get: (r) => (r.pricesIncludeTax ? 'yes' : 'no') },
      ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More regions follow: pass --all, or a larger --limit.'));
    return result;
  }
}
