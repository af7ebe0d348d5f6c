import { Flags } from '@oclif/core';
import type { ShippingMethod } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { parseId } from '../../id-args.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { describeShippingRule } from '../../output/print-checkout.js';

export default class ShippingMethodsList extends BaseCommand<typeof ShippingMethodsList> {
  static override summary = 'List shipping methods.';

  static override description =
    `Lists the shipping methods one page at a time (--limit, default 20), or every page with --all. Non-admins see active methods only.

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
      description: 'Only the methods of this region (reg_…).',
      helpValue: '<id>',
      parse: async (input) => parseId('region', input),
    }),
    active: Flags.boolean({
      description: 'Only active methods (--no-active: only inactive; admins).',
      allowNo: true,
    }),
  };

  async run(): Promise<ListDocument<ShippingMethod>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(
      client.shippingMethods.list({
        limit: pageSize(limit, all),
        ...(this.flags.region === undefined ? {} : { regionId: this.flags.region }),
        ...(this.flags.active === undefined ? {} : { active: this.flags.active }),
      }),
      all,
    );
    if (result.data.length === 0) this.out.line('No shipping methods.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (m) => m.id },
        { header: 'REGION', get: (m) => m.regionId },
        { header: 'NAME', get: (m) => m.name },
        { header: 'PRICE', get: (m) => describeShippingRule(m.rule, m.currency) },
        { header: 'ACTIVE', get: (m) => (m.active ? 'yes' : 'no') },
      ]);
    if (result.has_more)
      this.out.notice(
        this.out.errStyle.dim('More shipping methods follow: pass --all, or a larger --limit.'),
      );
    return result;
  }
}
