import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';

export default class ProfilesRemove extends BaseCommand<typeof ProfilesRemove> {
  static override summary = 'Delete a profile and its stored credentials.';

  static override description = `Removes the profile from the profiles file, including any stored token. \
Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> staging',
    {
      description: 'Without a prompt, e.g. in CI.',
      command: '<%= config.bin %> <%= command.id %> staging --yes',
    },
  ];

  static override args = {
    name: Args.string({ description: 'Name of the profile to delete.', required: true }),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<{ removed: string }> {
    const { name } = this.args;
    if (!(await this.profiles.get(name))) {
      throw new CliFailure(`No profile named "${name}".`, 'profile_not_found', {
        hint: 'See `till profiles list`.',
      });
    }
    if (!this.flags.yes) {
      if (!this.isInteractive()) {
        throw new CliFailure(
          `Refusing to delete profile "${name}" without confirmation.`,
          'confirmation_required',
          {
            exitCode: EXIT.usage,
            hint: 'Pass --yes to delete without a prompt.',
          },
        );
      }
      if (!(await this.confirm(`Delete profile "${name}" and its stored credentials?`))) {
        throw new CliFailure('Cancelled.', 'cancelled');
      }
    }
    await this.profiles.remove(name);
    this.out.line(`${this.out.style.green('✓')} Removed profile ${this.out.style.bold(name)}.`);
    return { removed: name };
  }
}
