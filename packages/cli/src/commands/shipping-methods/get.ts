import type { ShippingMethod } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printShippingMethod } from '../../output/print-checkout.js';

export default class ShippingMethodsGet extends BaseCommand<typeof ShippingMethodsGet> {
  static override summary = 'Show one shipping method.';

  static override description =
    'Fetches the shipping method with GET /v1/shipping-methods/:id and prints its price rule.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = { id: idArg('shippingMethod', 'The shipping method ID (shm_…).') };

  static override flags = {};

  async run(): Promise<ShippingMethod> {
    const client = await this.client();
    const m = await client.shippingMethods.get(this.args.id);
    printShippingMethod(this.out, m);
    return m;
  }
}
