import type { Variant } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printVariant } from '../../output/print-commerce.js';

export default class VariantsGet extends BaseCommand<typeof VariantsGet> {
  static override summary = 'Show one variant.';

  static override description =
    'Fetches the variant with GET /v1/variants/:id and prints it: SKU, options, prices per currency, stock, weight, tax category and state.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    variantId: idArg('variant', 'The variant ID (var_…).'),
  };

  static override flags = {};

  async run(): Promise<Variant> {
    const client = await this.client();
    const variant = await client.variants.get(this.args.variantId);
    printVariant(this.out, variant);
    return variant;
  }
}
