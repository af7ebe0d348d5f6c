import { Flags } from '@oclif/core';
import type { Promotion } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class PromotionsDelete extends BaseCommand<typeof PromotionsDelete> {
  static override summary = 'Delete a promotion (admin).';

  static override description =
    `Deletes the promotion with DELETE /v1/promotions/:id (admin). A promotion that has been used is refused (409 promotion_in_use): deactivate it with \`till promotions update <id> --no-active\` instead. --json prints the deleted promotion. Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> pro_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = { id: idArg('promotion', 'The promotion ID (pro_…).') };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<Promotion> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete promotion ${id}? This cannot be undone.`,
      `Refusing to delete promotion ${id} without confirmation.`,
    );
    const client = await this.client();
    const p = await client.promotions.delete(id);
    this.out.line(
      `${this.out.style.green('✓')} Deleted promotion ${this.out.style.bold(p.code ?? p.name)} (${p.id}).`,
    );
    return p;
  }
}
