import { Flags } from '@oclif/core';
import type { Variant } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { printVariant } from '../../../output/print-commerce.js';

export default class ProductsVariantsArchive extends BaseCommand<typeof ProductsVariantsArchive> {
  static override summary = 'Archive a variant (admin).';

  static override description =
    `Archives the variant with DELETE /v1/variants/:id: it can no longer be ordered \
and non-admins no longer see it. A variant no order refers to is deleted for good; otherwise it is kept with \
active set to false, and \`till products variants update <id> --active\` brings it back. Asks for confirmation \
on a terminal; elsewhere (pipes, CI) pass --yes. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, as JSON.',
      command: '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = {
    variantId: idArg('variant', 'The variant ID (var_…).'),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<Variant> {
    const { variantId } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Archive variant ${variantId}? It can no longer be ordered.`,
      `Refusing to archive variant ${variantId} without confirmation.`,
    );
    const client = await this.client();
    const variant = await client.variants.archive(variantId);
    this.out.line(`${this.out.style.green('✓')} Archived variant ${this.out.style.bold(variant.sku)}.`);
    printVariant(this.out, variant);
    return variant;
  }
}
