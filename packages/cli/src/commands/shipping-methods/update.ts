import { Flags } from '@oclif/core';
import type { ShippingMethod, UpdateShippingMethodRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { parseShippingRule, shippingRuleFlags } from '../../commerce/checkout-flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printShippingMethod } from '../../output/print-checkout.js';

export default class ShippingMethodsUpdate extends BaseCommand<typeof ShippingMethodsUpdate> {
  static override summary = 'Change a shipping method (admin).';

  static override description =
    `Updates the shipping method with PATCH /v1/shipping-methods/:id; only the given \
fields change. Any of --amount, --free-above or --tier replaces the whole price rule.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0 --amount 595',
    {
      description: 'Switch it off, as JSON.',
      command: '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0 --no-active --json',
    },
  ];

  static override args = { id: idArg('shippingMethod', 'The shipping method ID (shm_…).') };

  static override flags = {
    name: Flags.string({ description: 'New name.', helpValue: '<name>' }),
    ...shippingRuleFlags(),
    active: Flags.boolean({ description: 'Offer it (--no-active: switch it off).', allowNo: true }),
  };

  async run(): Promise<ShippingMethod> {
    const { flags } = this;
    const body: UpdateShippingMethodRequest = {};
    if (flags.name !== undefined) body.name = flags.name;
    const rule = parseShippingRule(flags);
    if (rule) body.rule = rule;
    if (flags['min-subtotal'] !== undefined) body.minSubtotal = flags['min-subtotal'];
    if (flags['max-subtotal'] !== undefined) body.maxSubtotal = flags['max-subtotal'];
    if (flags.active !== undefined) body.active = flags.active;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name, --amount, --free-above, --tier, --min-subtotal, --max-subtotal or --[no-]active.',
      });
    }
    const client = await this.client();
    const method = await client.shippingMethods.update(this.args.id, body);
    this.out.line(
      `${this.out.style.green('✓')} Updated shipping method ${this.out.style.bold(method.name)}.`,
    );
    printShippingMethod(this.out, method);
    return method;
  }
}
