import { Flags } from '@oclif/core';
import { PASSWORD_MIN_LENGTH, promptNewPassword, promptSecret, readRequiredStdin } from '../../auth/input.js';
import { BaseCommand } from '../../base-command.js';

export default class AuthResetPassword extends BaseCommand<typeof AuthResetPassword> {
  static override summary = 'Set a new password with a reset token; signs out every session of the account.';

  static override description = `Redeems a token from \`till auth request-password-reset\` with \
POST /v1/auth/password-reset/confirm. On a terminal it prompts for what is missing (the new password hidden and \
asked twice). Elsewhere pass --token and --password-stdin; stdin carries one value, so --token-stdin and \
--password-stdin cannot be combined. Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;

  static override examples = [
    'printf %s "$NEW_PASSWORD" | <%= config.bin %> <%= command.id %> --token "$RESET_TOKEN" --password-stdin',
  ];

  static override flags = {
    token: Flags.string({
      description: 'The reset token.',
      helpValue: '<token>',
      exclusive: ['token-stdin'],
    }),
    'token-stdin': Flags.boolean({
      description: 'Read the token from stdin.',
      exclusive: ['token', 'password-stdin'],
    }),
    'password-stdin': Flags.boolean({
      description: 'Read the new password from stdin (one trailing newline is removed).',
      exclusive: ['token-stdin'],
    }),
  };

  async run(): Promise<{ reset: true }> {
    this.requireFlagsOffTerminal([
      ...(this.flags.token === undefined && !this.flags['token-stdin'] ? ['--token <token>'] : []),
      ...(this.flags['password-stdin'] ? [] : ['--password-stdin']),
    ]);
    let token = this.flags.token;
    if (this.flags['token-stdin']) token = await readRequiredStdin('--token-stdin', 'a token');
    const password = this.flags['password-stdin']
      ? await readRequiredStdin('--password-stdin', 'a password')
      : undefined;
    token ??= await promptSecret('Reset token');
    const client = await this.client({ token: undefined, refreshToken: undefined, apiKey: undefined });
    await client.auth.confirmPasswordReset({
      token: token.trim(),
      password: password ?? (await promptNewPassword(PASSWORD_MIN_LENGTH)),
    });
    this.out.line(
      `${this.out.style.green('✓')} Password changed; every session of the account was signed out.`,
    );
    return { reset: true };
  }
}
