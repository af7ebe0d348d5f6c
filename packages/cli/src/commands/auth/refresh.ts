import type { User } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';

export default class AuthRefresh extends BaseCommand<typeof AuthRefresh> {
  static override summary = "Exchange the profile's refresh token for new tokens now.";

  static override description =
    `Calls POST /v1/auth/refresh with the refresh token stored in the profile and \
stores the new pair (the old refresh token stops working). Other commands do this by themselves when the access \
token has expired; this one is for scripts that want a fresh access token before a long job. Only a session from \
\`till login\` with a password or \`till setup\` has a refresh token (not an API key, not TILLPOINT_TOKEN).`;

  static override examples = ['<%= config.bin %> <%= command.id %>'];

  static override flags = {};

  async run(): Promise<User> {
    const { refreshToken, tokenSource, profile } = this.settings;
    if (!refreshToken || tokenSource !== 'profile') {
      throw new CliFailure(`Profile "${profile}" holds no session to refresh.`, 'unauthenticated', {
        exitCode: EXIT.authentication,
        hint: 'Run `till login` with a password.',
      });
    }
    const client = await this.client({ token: undefined, refreshToken: undefined, apiKey: undefined });
    const session = await client.auth.refresh({ refreshToken });
    await this.storeCredentials({ token: session.accessToken, refreshToken: session.refreshToken });
    this.out.line(
      `${this.out.style.green('✓')} Refreshed the session of ${session.user.email} in profile "${profile}".`,
    );
    return session.user;
  }
}
