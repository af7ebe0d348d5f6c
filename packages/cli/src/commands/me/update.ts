import { Flags } from '@oclif/core';
import type { User } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printUser } from '../../output/print-user.js';

export default class MeUpdate extends BaseCommand<typeof MeUpdate> {
  static override summary = 'Change your own profile (your display name).';

  static override description = 'Updates the signed-in account with PATCH /v1/me and prints it.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name "Ada Lovelace"',
    { description: 'Remove the name.', command: '<%= config.bin %> <%= command.id %> --clear-name' },
  ];

  static override flags = {
    name: Flags.string({ description: 'Your display name.', helpValue: '<name>', exclusive: ['clear-name'] }),
    'clear-name': Flags.boolean({ description: 'Remove your display name.', exclusive: ['name'] }),
  };

  async run(): Promise<User> {
    if (this.flags.name === undefined && !this.flags['clear-name']) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --name <name> or --clear-name.',
      });
    }
    this.requireCredentials();
    const client = await this.client();
    const user = await client.me.update({ name: this.flags['clear-name'] ? null : this.flags.name });
    this.out.line(`${this.out.style.green('✓')} Updated your profile.`);
    printUser(this.out, user);
    return user;
  }
}
