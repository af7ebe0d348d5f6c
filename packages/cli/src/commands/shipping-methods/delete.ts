import { Flags } from '@oclif/core';
import type { ShippingMethod } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class ShippingMethodsDelete extends BaseCommand<typeof ShippingMethodsDelete> {
  static override summary = 'Delete a shipping method (admin).';

  static override description =
    `Deletes the shipping method with DELETE /v1/shipping-methods/:id (admin). --json prints the deleted shipping method. Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> shm_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = { id: idArg('shippingMethod', 'The shipping method ID (shm_…).') };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ShippingMethod> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete shipping method ${id}? This cannot be undone.`,
      `Refusing to delete shipping method ${id} without confirmation.`,
    );
    const client = await this.client();
    const m = await client.shippingMethods.delete(id);
    this.out.line(
      `${this.out.style.green('✓')} Deleted shipping method ${this.out.style.bold(m.name)} (${m.id}).`,
    );
    return m;
  }
}
