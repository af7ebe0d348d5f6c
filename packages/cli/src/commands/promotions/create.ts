import { Flags } from '@oclif/core';
import type { CreatePromotionRequest, Promotion } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { promotionBody, promotionFlags } from '../../commerce/checkout-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printPromotion } from '../../output/print-checkout.js';

export default class PromotionsCreate extends BaseCommand<typeof PromotionsCreate> {
  static override summary = 'Create a promotion (admin).';

  static override description =
    `Creates a promotion with POST /v1/promotions. Without --code it applies by itself \
(automatic). The discount is --percent, or --amount CUR:AMOUNT per currency (minor units); it applies to the \
order, to listed --variant/--product/--collection lines, or to shipping (--free-shipping: 100 % off shipping). \
Codes are case-insensitive and unique (409 code_taken). For anything the flags do not cover, use \
\`till api POST /v1/promotions --input body.json\`.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --code SPRING10 --name "Spring sale" --percent 10 --minimum EUR:3000',
    {
      description: 'Automatic free shipping, combinable, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --name "Free shipping" --free-shipping --combinable --json',
    },
  ];

  static override flags = {
    name: Flags.string({ description: 'Name admins see.', helpValue: '<name>', required: true }),
    ...promotionFlags(),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Promotion> {
    const body = promotionBody(this.flags) as CreatePromotionRequest;
    body.name = this.flags.name;
    if (!body.discount) {
      throw new CliFailure('A discount is required.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --percent, --amount CUR:AMOUNT or --free-shipping.',
      });
    }
    const client = await this.client();
    const promotion = await client.promotions.create(body, idempotencyOptions(this.flags['idempotency-key']));
    this.out.line(
      `${this.out.style.green('✓')} Created promotion ${this.out.style.bold(promotion.code ?? promotion.name)} (${promotion.id}).`,
    );
    printPromotion(this.out, promotion);
    return promotion;
  }
}
