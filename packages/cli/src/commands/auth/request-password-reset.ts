import { Flags } from '@oclif/core';
import type { Accepted } from '@tillpoint/sdk';
import { promptText } from '../../auth/input.js';
import { BaseCommand } from '../../base-command.js';

export default class AuthRequestPasswordReset extends BaseCommand<typeof AuthRequestPasswordReset> {
  static override summary = 'Email a one-time password reset token.';

  static override description =
    'Asks with POST /v1/auth/password-reset for a reset email. The daemon answers the same whether or not the ' +
    'account exists. Redeem the token with `till auth reset-password`.';

  static override examples = ['<%= config.bin %> <%= command.id %> --email ada@example.com'];

  static override flags = {
    email: Flags.string({ description: 'The account email.', helpValue: '<email>' }),
  };

  async run(): Promise<Accepted> {
    if (!this.flags.email) this.requireInteractive('the email', '--email <email>');
    const email = this.flags.email ?? (await promptText('Email'));
    const client = await this.client({ token: undefined, refreshToken: undefined, apiKey: undefined });
    const accepted = await client.auth.requestPasswordReset({ email });
    this.out.line(`${this.out.style.green('✓')} If ${email} has an account, a reset token is on its way.`);
    return accepted;
  }
}
