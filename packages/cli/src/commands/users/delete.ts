import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class UsersDelete extends BaseCommand<typeof UsersDelete> {
  static override summary = 'Delete a user account (admin).';

  static override description =
    `Deletes the account with DELETE /v1/users/:id, ending its sessions. The daemon \
refuses (409 last_admin) to delete the last active admin. Asks for confirmation on a terminal; elsewhere \
(pipes, CI) pass --yes. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = {
    id: idArg('user', 'The user ID (usr_…).'),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<{ id: string; object: 'user'; deleted: true }> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete user ${id}? This cannot be undone.`,
      `Refusing to delete user ${id} without confirmation.`,
    );
    const client = await this.client();
    await client.users.delete(id);
    this.out.line(`${this.out.style.green('✓')} Deleted user ${this.out.style.bold(id)}.`);
    return { id, object: 'user', deleted: true };
  }
}
