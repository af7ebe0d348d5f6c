import type { ApiKey } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printApiKey } from '../../output/print-api-key.js';

export default class ApiKeysGet extends BaseCommand<typeof ApiKeysGet> {
  static override summary = 'Show one API key.';

  static override description =
    'Fetches the key with GET /v1/api-keys/:id and prints it: name, role, prefix, state and times. Never the secret.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> key_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> key_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('apiKey', 'The API key ID (key_…).'),
  };

  static override flags = {};

  async run(): Promise<ApiKey> {
    const client = await this.client();
    const key = await client.apiKeys.get(this.args.id);
    printApiKey(this.out, key);
    return key;
  }
}
