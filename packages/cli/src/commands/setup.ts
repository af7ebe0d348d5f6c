import { Flags } from '@oclif/core';
import type { User } from '@tillpoint/sdk';
import {
  PASSWORD_MIN_LENGTH,
  promptNewPassword,
  promptSecret,
  promptText,
  readRequiredStdin,
} from '../auth/input.js';
import { BaseCommand } from '../base-command.js';

export default class Setup extends BaseCommand<typeof Setup> {
  static override summary = 'Create the first admin of a new daemon with its one-time setup token.';

  static override description = `On first start, a daemon without an admin logs a one-time setup token \
(setup_…). This command redeems it (POST /v1/auth/setup) to create the first admin account, and stores the \
new session in the profile like \`till login\`.

On a terminal it prompts for whatever is missing (the password hidden and asked twice). Elsewhere pass \
--token (or --token-stdin), --email and --password-stdin; stdin carries one value, so --token-stdin and \
--password-stdin cannot be combined. Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`;

  static override examples = [
    { description: 'Interactive setup.', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'From a script.',
      command:
        'printf %s "$ADMIN_PASSWORD" | <%= config.bin %> <%= command.id %> --token "$SETUP_TOKEN" --email admin@example.com --password-stdin',
    },
  ];

  static override flags = {
    token: Flags.string({
      description: 'The setup token from the daemon log (setup_…).',
      helpValue: '<setup token>',
      exclusive: ['token-stdin'],
    }),
    'token-stdin': Flags.boolean({
      description: 'Read the setup token from stdin.',
      exclusive: ['token', 'password-stdin'],
    }),
    email: Flags.string({ description: 'Email of the first admin.', helpValue: '<email>' }),
    'password-stdin': Flags.boolean({
      description: 'Read the password from stdin (one trailing newline is removed).',
      exclusive: ['token-stdin'],
    }),
    name: Flags.string({ description: 'Display name of the first admin.', helpValue: '<name>' }),
  };

  async run(): Promise<User> {
    const missing: string[] = [];
    if (!this.flags.token && !this.flags['token-stdin']) missing.push('--token <setup token>');
    if (!this.flags.email) missing.push('--email <email>');
    if (!this.flags['password-stdin']) missing.push('--password-stdin');
    this.requireFlagsOffTerminal(missing);

    let setupToken = this.flags.token;
    if (this.flags['token-stdin'])
      setupToken = (await readRequiredStdin('--token-stdin', 'a setup token')).trim();
    const password = this.flags['password-stdin']
      ? await readRequiredStdin('--password-stdin', 'a password')
      : undefined;
    setupToken ??= await promptSecret('Setup token (from the daemon log)', (value) =>
      value.trim().startsWith('setup_') ? true : 'Setup tokens start with "setup_".',
    );
    const email =
      this.flags.email ??
      (await promptText('Admin email', {
        validate: (value) => (/^[^@\s]+@[^@\s]+$/.test(value) ? true : 'Enter an email address.'),
      }));
    const finalPassword = password ?? (await promptNewPassword(PASSWORD_MIN_LENGTH));
    const name = this.flags.name;

    const client = await this.client({
      token: undefined,
      refreshToken: undefined,
      apiKey: undefined,
      onTokens: undefined,
    });
    const session = await client.auth.setup({
      setupToken: setupToken.trim(),
      email,
      password: finalPassword,
      ...(name ? { name } : {}),
    });
    await this.storeCredentials({ token: session.accessToken, refreshToken: session.refreshToken });
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Created the first admin. Logged in as ${s.bold(session.user.email)} (${session.user.role})`,
    );
    this.out.notice(
      this.out.errStyle.dim(`Stored in profile "${this.settings.profile}" for ${this.settings.baseUrl}.`),
    );
    return session.user;
  }
}
