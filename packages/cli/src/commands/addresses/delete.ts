import { Flags } from '@oclif/core';
import type { SavedAddress } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class AddressesDelete extends BaseCommand<typeof AddressesDelete> {
  static override summary = 'Delete one of your saved addresses.';

  static override description = `Deletes the address with DELETE /v1/me/addresses/:id. Deleting your default \
shipping or billing address leaves you without one until you choose another. --json prints the deleted address. \
Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = { id: idArg('address', 'The address ID (adr_…).') };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<SavedAddress> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete address ${id}? This cannot be undone.`,
      `Refusing to delete address ${id} without confirmation.`,
    );
    const client = await this.client();
    const saved = await client.me.addresses.delete(id);
    this.out.line(`${this.out.style.green('✓')} Deleted address ${saved.id}.`);
    return saved;
  }
}
