import { Flags } from '@oclif/core';
import type { Accepted } from '@tillpoint/sdk';
import { PASSWORD_MIN_LENGTH, promptNewPassword, promptText, readRequiredStdin } from '../../auth/input.js';
import { BaseCommand } from '../../base-command.js';

export default class AuthRegister extends BaseCommand<typeof AuthRegister> {
  static override summary = 'Create a customer account.';

  static override description =
    `Registers with POST /v1/auth/register. The daemon answers the same whether or not \
the email already has an account (so nobody learns who is registered): the owner of the address gets an email \
saying which, with a verification token for a new account. Nothing is signed in: run \`till login\` next.

On a terminal it prompts for what is missing (the password hidden and asked twice); elsewhere pass --email and \
--password-stdin. Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;

  static override examples = [
    {
      description: 'From a script.',
      command:
        'printf %s "$PASSWORD" | <%= config.bin %> <%= command.id %> --email ada@example.com --name "Ada" --password-stdin',
    },
  ];

  static override flags = {
    email: Flags.string({ description: 'Email of the new account.', helpValue: '<email>' }),
    name: Flags.string({ description: 'Display name.', helpValue: '<name>' }),
    'password-stdin': Flags.boolean({
      description: 'Read the password from stdin (one trailing newline is removed).',
    }),
  };

  async run(): Promise<Accepted> {
    this.requireFlagsOffTerminal([
      ...(this.flags.email ? [] : ['--email <email>']),
      ...(this.flags['password-stdin'] ? [] : ['--password-stdin']),
    ]);
    const password = this.flags['password-stdin']
      ? await readRequiredStdin('--password-stdin', 'a password')
      : undefined;
    const email = this.flags.email ?? (await promptText('Email'));
    const client = await this.client({ token: undefined, refreshToken: undefined, apiKey: undefined });
    const accepted = await client.auth.register({
      email,
      password: password ?? (await promptNewPassword(PASSWORD_MIN_LENGTH)),
      ...(this.flags.name ? { name: this.flags.name } : {}),
    });
    this.out.line(
      `${this.out.style.green('✓')} Registration accepted. An email to ${email} says what comes next; then \`till login\`.`,
    );
    return accepted;
  }
}
