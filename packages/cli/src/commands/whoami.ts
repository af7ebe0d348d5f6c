import type { User } from '@tillpoint/sdk';
import { BaseCommand } from '../base-command.js';

export default class Whoami extends BaseCommand<typeof Whoami> {
  static override summary = 'Show the signed-in user.';

  static override description = `Calls GET /v1/me with the current credentials (TILLPOINT_TOKEN, else the \
profile's) and prints the user's email, name, role and ID. Exits 4 when not signed in or when the \
credentials are no longer valid.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'The user as JSON.', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {};

  async run(): Promise<User> {
    this.requireCredentials();
    const client = await this.client();
    const user = await client.me.get();
    const s = this.out.style;
    this.out.line(`Logged in to ${this.settings.baseUrl} as ${s.bold(user.email)} (${user.role})`);
    this.out.keyValue([
      ['Name', user.name ?? s.dim('(none)')],
      ['ID', user.id],
      ['Credential', this.credentialKind()],
    ]);
    return user;
  }

  private credentialKind(): string {
    const { token, tokenSource, profile } = this.settings;
    const kind = token?.startsWith('tp_') ? 'API key' : 'session';
    return tokenSource === 'env' ? `${kind} from TILLPOINT_TOKEN` : `${kind} in profile "${profile}"`;
  }
}
