import { Flags } from '@oclif/core';
import { PASSWORD_MIN_LENGTH, promptNewPassword, promptSecret, readRequiredStdin } from '../../auth/input.js';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';

export default class MeChangePassword extends BaseCommand<typeof MeChangePassword> {
  static override summary = 'Change your password; your other sessions are signed out.';

  static override description = `Changes the signed-in account's password with POST /v1/me/password. This \
session stays signed in; every other one ends. On a terminal it prompts for both passwords (hidden, the new one \
twice). Elsewhere pass --passwords-stdin: stdin carries the current password on its first line and the new one on \
the second. Passwords need at least ${PASSWORD_MIN_LENGTH} characters; a wrong current password is 401 \
invalid_credentials.`;

  static override examples = [
    { description: 'On a terminal.', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'From a script.',
      command: `printf '%s\\n%s\\n' "$OLD_PASSWORD" "$NEW_PASSWORD" | <%= config.bin %> <%= command.id %> --passwords-stdin`,
    },
  ];

  static override flags = {
    'passwords-stdin': Flags.boolean({
      description: 'Read the current password (first line) and the new one (second line) from stdin.',
    }),
  };

  async run(): Promise<{ changed: true }> {
    this.requireCredentials();
    const { currentPassword, newPassword } = this.flags['passwords-stdin']
      ? await passwordsFromStdin()
      : await this.promptPasswords();
    const client = await this.client();
    await client.me.changePassword({ currentPassword, newPassword });
    this.out.line(`${this.out.style.green('✓')} Password changed; your other sessions were signed out.`);
    return { changed: true };
  }

  private async promptPasswords() {
    this.requireInteractive('the passwords', '--passwords-stdin');
    const currentPassword = await promptSecret('Current password');
    return { currentPassword, newPassword: await promptNewPassword(PASSWORD_MIN_LENGTH) };
  }
}

/** Two lines: the current password, then the new one (a last newline is optional). */
async function passwordsFromStdin() {
  const lines = (await readRequiredStdin('--passwords-stdin', 'two passwords')).split(/\r?\n/);
  if (lines.length !== 2 || !lines[0] || !lines[1]) {
    throw new CliFailure(
      '--passwords-stdin needs two lines on stdin: the current password, then the new one.',
      'usage_error',
      { exitCode: EXIT.usage },
    );
  }
  return { currentPassword: lines[0], newPassword: lines[1] };
}
