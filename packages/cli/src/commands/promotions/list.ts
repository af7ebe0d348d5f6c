import { Flags } from '@oclif/core';
import type { Promotion } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import type { ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { describePromotion } from '../../output/print-checkout.js';

export default class PromotionsList extends BaseCommand<typeof PromotionsList> {
  static override summary = 'List promotions (admin).';

  static override description =
    `Lists the promotions (admin) one page at a time (--limit, default 20), or every page with --all.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Filtered, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --code SPRING10 --json',
    },
  ];

  static override flags = {
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
    code: Flags.string({ description: 'Only the promotion with this code (any case).', helpValue: '<code>' }),
    active: Flags.boolean({
      description: 'Only active promotions (--no-active: only inactive ones).',
      allowNo: true,
    }),
  };

  async run(): Promise<ListDocument<Promotion>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(
      client.promotions.list({
        limit: pageSize(limit, all),
        ...(this.flags.code === undefined ? {} : { code: this.flags.code }),
        ...(this.flags.active === undefined ? {} : { active: this.flags.active }),
      }),
      all,
    );
    if (result.data.length === 0) this.out.line('No promotions.');
    else
      this.out.table(result.data, [
        { header: 'ID', get: (p) => p.id },
        { header: 'CODE', get: (p) => p.code ?? '(automatic)' },
        { header: 'NAME', get: (p) => p.name },
        { header: 'DISCOUNT', get: (p) => describePromotion(p) },
        { header: 'USED', get: (p) => `${p.usageCount}${p.usageLimit === null ? '' : `/${p.usageLimit}`}` },
        { header: 'ACTIVE', get: (p) => (p.active ? 'yes' : 'no') },
      ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More promotions follow: pass --all, or a larger --limit.'));
    return result;
  }
}
