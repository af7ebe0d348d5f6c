import { Flags } from '@oclif/core';
import type { TaxRate } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { parseId } from '../../id-args.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { formatBps } from '../../output/print-checkout.js';

export default class TaxRatesList extends BaseCommand<typeof TaxRatesList> {
  static override summary = 'List tax rates (admin).';

  static override description =
    `Lists the tax rates (admin) one page at a time (--limit, default 20), or every page with --all; --region narrows to one region.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Filtered, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override flags = {
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
    region: Flags.string({
      description: 'Only the rates of this region (reg_…).',
      helpValue: '<id>',
      parse: async (input) => parseId('region', input),
    }),
  };

  async run(): Promise<ListDocument<TaxRate>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(
      client.taxRates.list({
        limit: pageSize(limit, all),
        ...(this.flags.region === undefined ? {} : { regionId: this.flags.region }),
      }),
      all,
    );
    if (result.data.length === 0) this.out.line('No tax rates.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (r) => r.id },
        { header: 'REGION', get: (r) => r.regionId },
        { header: 'NAME', get: (r) => r.name },
        { header: 'RATE', get: (r) => formatBps(r.rateBps) },
        { header: 'SUBDIVISION', get: (r) => r.subdivision ?? '-' },
        { header: 'CATEGORY', get: (r) => r.taxCategory ?? '-' },
        { header: 'SHIPPING', get: (r) => (r.appliesToShipping ? 'taxed' : '-') },
      ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More tax rates follow: pass --all, or a larger --limit.'));
    return result;
  }
}
