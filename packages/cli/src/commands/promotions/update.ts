import { Flags } from '@oclif/core';
import type { Promotion, UpdatePromotionRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { promotionBody, promotionFlags } from '../../commerce/checkout-flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printPromotion } from '../../output/print-checkout.js';

export default class PromotionsUpdate extends BaseCommand<typeof PromotionsUpdate> {
  static override summary = 'Change a promotion (admin).';

  static override description = `Updates the promotion with PATCH /v1/promotions/:id; only the given fields \
change. A discount flag replaces the discount; a target flag replaces the target; --minimum replaces the minimums.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0 --ends-at 2026-09-01T00:00:00Z',
    {
      description: 'Switch it off, as JSON.',
      command: '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0 --no-active --json',
    },
  ];

  static override args = { id: idArg('promotion', 'The promotion ID (pro_…).') };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    ...promotionFlags(),
    active: Flags.boolean({ description: 'Switch it on (--no-active: off).', allowNo: true }),
  };

  async run(): Promise<Promotion> {
    const body = promotionBody(this.flags) as UpdatePromotionRequest;
    if (this.flags.name !== undefined) body.name = this.flags.name;
    if (this.flags.active !== undefined) body.active = this.flags.active;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass at least one flag; see --help.',
      });
    }
    const client = await this.client();
    const promotion = await client.promotions.update(this.args.id, body);
    this.out.line(
      `${this.out.style.green('✓')} Updated promotion ${this.out.style.bold(promotion.code ?? promotion.name)}.`,
    );
    printPromotion(this.out, promotion);
    return promotion;
  }
}
