import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { CliFailure } from '../../output/describe-error.js';

export default class ProfilesUse extends BaseCommand<typeof ProfilesUse> {
  static override summary = 'Make a profile the current one.';

  static override description =
    `Commands use the current profile unless --profile or TILLPOINT_PROFILE names \
another one.`;

  static override examples = ['<%= config.bin %> <%= command.id %> prod'];

  static override args = {
    name: Args.string({ description: 'Name of an existing profile.', required: true }),
  };

  static override flags = {};

  async run(): Promise<{ current: string }> {
    const { name } = this.args;
    if (!(await this.profiles.use(name))) {
      throw new CliFailure(`No profile named "${name}".`, 'profile_not_found', {
        hint: `Create it with \`till profiles set ${name} --base-url <url>\`, or see \`till profiles list\`.`,
      });
    }
    this.out.line(`${this.out.style.green('✓')} Now using profile ${this.out.style.bold(name)}.`);
    return { current: name };
  }
}
