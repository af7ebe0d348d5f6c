import { Flags } from '@oclif/core';
import type { ApiKeyCreated, CreateApiKeyRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';

export default class ApiKeysCreate extends BaseCommand<typeof ApiKeysCreate> {
  static override summary = 'Create an API key and print its secret once.';

  static override description =
    `Creates a tp_… API key with POST /v1/api-keys. The secret is shown only this \
once: the key alone goes to stdout (so it can be piped or captured) and a notice to stderr. --json prints \
the whole created key, secret included.

The role defaults to yours and may not exceed it. Without --expires-at or --expires-in the key does not expire.
Use the key with \`till login --with-token\`, TILLPOINT_TOKEN, or the SDK's apiKey option.`;

  static override examples = [
    {
      description: 'Create a key for CI that expires in 90 days and capture it.',
      command: 'KEY=$(<%= config.bin %> <%= command.id %> --name ci --role user --expires-in 90)',
    },
    {
      description: 'Create a key with a fixed expiry, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --name reporting --expires-at 2027-01-01T00:00:00Z --json',
    },
  ];

  static override flags = {
    name: Flags.string({
      description: 'A name to recognise the key by.',
      helpValue: '<name>',
      required: true,
    }),
    role: Flags.string({
      description: 'Role of the key (default: yours; at most yours).',
      options: ['guest', 'user', 'admin'],
    }),
    'expires-at': Flags.string({
      description: 'When the key stops working (ISO 8601, e.g. 2027-01-01T00:00:00Z).',
      helpValue: '<iso>',
      exclusive: ['expires-in'],
    }),
    'expires-in': Flags.integer({
      description: 'Days until the key stops working.',
      helpValue: '<days>',
      min: 1,
      exclusive: ['expires-at'],
    }),
  };

  async run(): Promise<ApiKeyCreated> {
    const body: CreateApiKeyRequest = { name: this.flags.name };
    if (this.flags.role) body.role = this.flags.role as 'guest' | 'user' | 'admin';
    const expiresAt = this.expiresAt();
    if (expiresAt) body.expiresAt = expiresAt;
    const client = await this.client();
    const key = await client.apiKeys.create(body);
    const es = this.out.errStyle;
    this.out.notice(
      `${es.green('✓')} Created API key ${es.bold(key.name)} (${key.id}, role ${key.role}${
        key.expiresAt ? `, expires ${key.expiresAt}` : ', no expiry'
      }).`,
    );
    this.out.notice(es.yellow(es.bold("Store the key below now: it won't be shown again.")));
    this.out.line(key.secret);
    return key;
  }

  private expiresAt(): string | undefined {
    const { 'expires-at': at, 'expires-in': days } = this.flags;
    if (days !== undefined) return new Date(Date.now() + days * 86_400_000).toISOString();
    if (at === undefined) return undefined;
    const time = Date.parse(at);
    if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(at)) {
      throw new CliFailure(`Invalid --expires-at "${at}".`, 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Give an ISO 8601 date-time such as 2027-01-01T00:00:00Z, or use --expires-in <days>.',
      });
    }
    return new Date(time).toISOString();
  }
}
