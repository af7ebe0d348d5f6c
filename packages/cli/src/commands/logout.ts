import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';

export default class Logout extends BaseCommand<typeof Logout> {
  static override summary = 'Sign out and remove the stored credentials from the profile.';

  static override description =
    `Ends the stored session on the daemon (best effort: an unreachable daemon or \
an already expired session does not stop the logout) and removes the tokens from the selected profile. A \
stored API key is only forgotten, not revoked: use \`till api-keys revoke\` for that.

--all ends every session of the signed-in account, on every device (POST /v1/auth/logout-all), before forgetting \
the stored tokens; unlike a plain logout it fails when the daemon cannot be reached or the credentials are no \
longer valid, since then nothing was ended.

TILLPOINT_TOKEN is not affected.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Sign out of the "prod" profile.',
      command: '<%= config.bin %> <%= command.id %> --profile prod',
    },
    {
      description: 'Sign out everywhere (a lost laptop).',
      command: '<%= config.bin %> <%= command.id %> --all',
    },
  ];

  static override flags = {
    all: Flags.boolean({ description: 'End every session of the account, on every device.' }),
  };

  async run(): Promise<{ loggedOut: true }> {
    const { profile } = this.settings;
    const stored = await this.profiles.get(profile);
    if (this.flags.all) {
      this.requireCredentials();
      await (await this.client()).auth.logoutAll();
      this.out.line(`${this.out.style.green('✓')} Ended every session of the account.`);
    } else if (stored?.refreshToken) {
      try {
        const sdk = await this.loadSdk();
        const client = new sdk.Tillpoint({ baseUrl: this.settings.baseUrl, maxRetries: 0, timeout: 10_000 });
        await client.auth.logout({ refreshToken: stored.refreshToken });
      } catch (error) {
        if (this.flags.debug) this.debugLine(`logout on the daemon failed: ${(error as Error).message}`);
      }
    }
    if (stored && (stored.token || stored.refreshToken)) {
      await this.profiles.set(profile, { token: undefined, refreshToken: undefined });
      this.out.line(`${this.out.style.green('✓')} Logged out of profile "${profile}".`);
    } else {
      this.out.line(`Not logged in (profile "${profile}"); nothing to do.`);
    }
    if (process.env.TILLPOINT_TOKEN) this.out.notice('TILLPOINT_TOKEN is still set in the environment.');
    return { loggedOut: true };
  }
}
