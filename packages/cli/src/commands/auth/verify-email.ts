import { Flags } from '@oclif/core';
import type { User } from '@tillpoint/sdk';
import { promptSecret, readRequiredStdin } from '../../auth/input.js';
import { BaseCommand } from '../../base-command.js';
import { printUser } from '../../output/print-user.js';

export default class AuthVerifyEmail extends BaseCommand<typeof AuthVerifyEmail> {
  static override summary = "Verify an account's email with the token from its verification email.";

  static override description =
    'Redeems the token with POST /v1/auth/verify-email and prints the account. A token works once and expires ' +
    '(401 invalid_token otherwise). Pass it with --token-stdin (or --token, which other users of this machine can ' +
    'see in the process list); a terminal prompts for it.';

  static override examples = ['printf %s "$TOKEN" | <%= config.bin %> <%= command.id %> --token-stdin'];

  static override flags = {
    token: Flags.string({
      description: 'The verification token.',
      helpValue: '<token>',
      exclusive: ['token-stdin'],
    }),
    'token-stdin': Flags.boolean({ description: 'Read the token from stdin.', exclusive: ['token'] }),
  };

  async run(): Promise<User> {
    let token = this.flags.token;
    if (this.flags['token-stdin']) token = await readRequiredStdin('--token-stdin', 'a token');
    if (token === undefined) {
      this.requireInteractive('the token', '--token-stdin');
      token = await promptSecret('Verification token');
    }
    const client = await this.client({ token: undefined, refreshToken: undefined, apiKey: undefined });
    const user = await client.auth.verifyEmail({ token: token.trim() });
    this.out.line(`${this.out.style.green('✓')} Verified ${user.email}.`);
    printUser(this.out, user);
    return user;
  }
}
