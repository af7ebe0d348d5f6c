import { Flags } from '@oclif/core';
import { DaemonCommand } from '../../cli/daemon-command.js';

/** `tillpointd admin create`. */
export default class AdminCreate extends DaemonCommand {
  static override summary = 'Create an admin account directly in the database (offline).';
  static override description =
    'The way to the first admin of a new shop. The password is asked for twice on a terminal, or read from stdin ' +
    'with --password-stdin; never from a flag, which would land in shell history.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --email owner@example.com',
    {
      description: 'From a script, with the password on stdin',
      command:
        'printf %s "$ADMIN_PASSWORD" | <%= config.bin %> <%= command.id %> --email owner@example.com --password-stdin --json',
    },
  ];
  static override enableJsonFlag = true;
  static override flags = {
    email: Flags.string({ description: 'Email of the new admin.', required: true, helpValue: '<email>' }),
    name: Flags.string({ description: 'Display name.', helpValue: '<name>' }),
    'password-stdin': Flags.boolean({ description: 'Read the password from standard input.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AdminCreate);
    const config = this.settings(flags);
    const { adminCreateCommand } = await import('../../cli/admin-create-command.js');
    await adminCreateCommand(config, {
      email: flags.email,
      name: flags.name,
      passwordStdin: flags['password-stdin'],
      json: this.jsonEnabled(),
    });
  }
}
