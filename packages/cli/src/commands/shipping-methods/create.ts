import { Flags } from '@oclif/core';
import type { CreateShippingMethodRequest, ShippingMethod } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parseShippingRule, shippingRuleFlags } from '../../commerce/checkout-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { parseId } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printShippingMethod } from '../../output/print-checkout.js';

export default class ShippingMethodsCreate extends BaseCommand<typeof ShippingMethodsCreate> {
  static override summary = 'Create a shipping method (admin).';

  static override description =
    `Creates a shipping method with POST /v1/shipping-methods for a region. Amounts \
are minor units of the region's currency. The price is flat (--amount), free from a subtotal (--amount with \
--free-above), or by weight (--tier GRAMS:AMOUNT, repeatable, lightest first; *:AMOUNT for everything heavier).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --name Standard --amount 495 --free-above 5000',
    {
      description: 'By weight, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --name Parcel --tier 2000:695 --tier "*:1495" --json',
    },
  ];

  static override flags = {
    region: Flags.string({
      description: 'The region (reg_…).',
      helpValue: '<id>',
      required: true,
      parse: async (input) => parseId('region', input),
    }),
    name: Flags.string({
      description: 'Name shoppers see, e.g. Standard.',
      helpValue: '<name>',
      required: true,
    }),
    ...shippingRuleFlags(),
    inactive: Flags.boolean({ description: 'Create it switched off.' }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<ShippingMethod> {
    const { flags } = this;
    const rule = parseShippingRule(flags);
    if (!rule) {
      throw new CliFailure('A price is required.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --amount (with --free-above for free shipping from a subtotal), or --tier GRAMS:AMOUNT.',
      });
    }
    const body: CreateShippingMethodRequest = {
      regionId: flags.region,
      name: flags.name,
      rule,
      active: !flags.inactive,
    };
    if (flags['min-subtotal'] !== undefined) body.minSubtotal = flags['min-subtotal'];
    if (flags['max-subtotal'] !== undefined) body.maxSubtotal = flags['max-subtotal'];
    const client = await this.client();
    const method = await client.shippingMethods.create(body, idempotencyOptions(flags['idempotency-key']));
    this.out.line(
      `${this.out.style.green('✓')} Created shipping method ${this.out.style.bold(method.name)} (${method.id}).`,
    );
    printShippingMethod(this.out, method);
    return method;
  }
}
