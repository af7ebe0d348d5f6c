import { Flags } from '@oclif/core';
import type { UpdateUserRequest, User } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printUser } from '../../output/print-user.js';

export default class UsersUpdate extends BaseCommand<typeof UsersUpdate> {
  static override summary = "Change a user's role, name or disabled state (admin).";

  static override description = `Updates the account with PATCH /v1/users/:id; only the given fields change. \
Disabling an account ends its sessions at once. The daemon refuses (409 last_admin) to demote or disable \
the last active admin. Needs an admin.`;

  static override examples = [
    {
      description: 'Make a user an admin.',
      command: '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0 --role admin',
    },
    {
      description: 'Disable an account.',
      command: '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0 --disable',
    },
    {
      description: 'Rename a user.',
      command: '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0 --name "Ada Lovelace"',
    },
  ];

  static override args = {
    id: idArg('user', 'The user ID (usr_…).'),
  };

  static override flags = {
    role: Flags.string({ description: 'New role.', options: ['admin', 'user'] }),
    name: Flags.string({ description: 'New display name.', helpValue: '<name>', exclusive: ['clear-name'] }),
    'clear-name': Flags.boolean({ description: 'Remove the display name.', exclusive: ['name'] }),
    disable: Flags.boolean({
      description: 'Disable the account and end its sessions.',
      exclusive: ['enable'],
    }),
    enable: Flags.boolean({ description: 'Enable a disabled account.', exclusive: ['disable'] }),
  };

  async run(): Promise<User> {
    const { role, name, disable, enable } = this.flags;
    const body: UpdateUserRequest = {};
    if (role) body.role = role as 'admin' | 'user';
    if (name !== undefined) body.name = name;
    if (this.flags['clear-name']) body.name = null;
    if (disable) body.disabled = true;
    if (enable) body.disabled = false;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --role, --name, --clear-name, --disable or --enable.',
      });
    }
    const client = await this.client();
    const user = await client.users.update(this.args.id, body);
    this.out.line(`${this.out.style.green('✓')} Updated ${this.out.style.bold(user.email)}.`);
    printUser(this.out, user);
    return user;
  }
}
