import type { Promotion } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printPromotion } from '../../output/print-checkout.js';

export default class PromotionsGet extends BaseCommand<typeof PromotionsGet> {
  static override summary = 'Show one promotion (admin).';

  static override description =
    'Fetches the promotion with GET /v1/promotions/:id (admin) and prints its discount, window and usage.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = { id: idArg('promotion', 'The promotion ID (pro_…).') };

  static override flags = {};

  async run(): Promise<Promotion> {
    const client = await this.client();
    const p = await client.promotions.get(this.args.id);
    printPromotion(this.out, p);
    return p;
  }
}
