import { Flags } from '@oclif/core';
import type { User } from '@tillpoint/sdk';
import { promptSecret, promptText, readRequiredStdin } from '../auth/input.js';
import { BaseCommand } from '../base-command.js';
import { CliFailure, EXIT } from '../output/describe-error.js';

export default class Login extends BaseCommand<typeof Login> {
  static override summary = 'Sign in and store the session in the profile.';

  static override description = `Signs in to the daemon and stores the credentials in the selected profile \
(the profiles file has mode 0600), together with the base URL used. Later commands send them, and an \
expired access token is refreshed automatically; the rotated tokens are written back to the profile.

Three ways to sign in:
  - on a terminal, without flags: prompts for the email and the password (hidden);
  - --email with --password-stdin: reads the password from stdin (one trailing newline is removed);
  - --with-token: reads an access token or a tp_… API key from stdin and checks it with GET /v1/me.

Without a terminal (pipes, CI) one of the flag forms is required. Tokens and passwords are never printed; \
--json prints the signed-in user. TILLPOINT_TOKEN, when set, still overrides the stored credentials.`;

  static override examples = [
    { description: 'Sign in interactively.', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Sign in from a script, the password on stdin.',
      command:
        'printf %s "$TILL_PASSWORD" | <%= config.bin %> <%= command.id %> --email ada@example.com --password-stdin',
    },
    {
      description: 'Store an API key in the "ci" profile.',
      command:
        'printf %s "$TILLPOINT_API_KEY" | <%= config.bin %> <%= command.id %> --with-token --profile ci',
    },
  ];

  static override flags = {
    email: Flags.string({
      description: 'Email to sign in with (prompted for on a terminal when missing).',
      helpValue: '<email>',
      exclusive: ['with-token'],
    }),
    'password-stdin': Flags.boolean({
      description: 'Read the password from stdin (one trailing newline is removed).',
      exclusive: ['with-token'],
    }),
    'with-token': Flags.boolean({
      description: 'Read an access token or a tp_… API key from stdin, check it and store it.',
      exclusive: ['email', 'password-stdin'],
    }),
  };

  async run(): Promise<User> {
    const user = this.flags['with-token'] ? await this.withToken() : await this.withPassword();
    const s = this.out.style;
    this.out.line(`${s.green('✓')} Logged in as ${s.bold(user.email)} (${user.role})`);
    this.out.notice(
      this.out.errStyle.dim(`Stored in profile "${this.settings.profile}" for ${this.settings.baseUrl}.`),
    );
    return user;
  }

  private async withToken(): Promise<User> {
    const token = (await readRequiredStdin('--with-token', 'a token')).trim();
    const sdk = await this.loadSdk();
    const client = new sdk.Tillpoint({
      baseUrl: this.settings.baseUrl,
      ...(token.startsWith('tp_') ? { apiKey: token } : { token }),
      ...(this.flags.debug ? { logLevel: 'debug' as const } : {}),
    });
    const user = await client.me.get();
    await this.storeCredentials({ token, refreshToken: undefined });
    return user;
  }

  private async withPassword(): Promise<User> {
    const usage = '--email <email> --password-stdin, or --with-token';
    let email = this.flags.email;
    let password: string;
    if (this.flags['password-stdin']) {
      if (!email) {
        throw new CliFailure('--password-stdin needs --email.', 'usage_error', {
          exitCode: EXIT.usage,
          hint: 'Pass --email <email> --password-stdin.',
        });
      }
      password = await readRequiredStdin('--password-stdin', 'a password');
    } else {
      this.requireInteractive(email ? 'the password' : 'the email and password', usage);
      email ??= await promptText('Email');
      password = await promptSecret('Password');
    }
    const client = await this.client({
      token: undefined,
      refreshToken: undefined,
      apiKey: undefined,
      onTokens: undefined,
    });
    const session = await client.auth.login({ email, password });
    await this.storeCredentials({ token: session.accessToken, refreshToken: session.refreshToken });
    return session.user;
  }
}
