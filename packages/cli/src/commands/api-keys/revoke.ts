import { Flags } from '@oclif/core';
import type { ApiKey } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class ApiKeysRevoke extends BaseCommand<typeof ApiKeysRevoke> {
  static override summary = 'Revoke an API key.';

  static override description = `Revokes the key with DELETE /v1/api-keys/:id; it stops working at once. \
Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes. --json prints the revoked key.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> key_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> key_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes',
    },
  ];

  static override args = {
    id: idArg('apiKey', 'The API key ID (key_…).'),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<ApiKey> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Revoke API key ${id}? Anything using it stops working.`,
      `Refusing to revoke API key ${id} without confirmation.`,
    );
    const client = await this.client();
    const key = await client.apiKeys.revoke(id);
    this.out.line(
      `${this.out.style.green('✓')} Revoked API key ${this.out.style.bold(key.name)} (${key.id}).`,
    );
    return key;
  }
}
