import type { User } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printUser } from '../../output/print-user.js';

export default class UsersGet extends BaseCommand<typeof UsersGet> {
  static override summary = 'Show one user account (admin).';

  static override description = 'Fetches the account with GET /v1/users/:id and prints it. Needs an admin.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> usr_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('user', 'The user ID (usr_…).'),
  };

  static override flags = {};

  async run(): Promise<User> {
    const client = await this.client();
    const user = await client.users.get(this.args.id);
    printUser(this.out, user);
    return user;
  }
}
