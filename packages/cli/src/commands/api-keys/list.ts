import { Flags } from '@oclif/core';
import type { ApiKey } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { apiKeyState } from '../../output/print-api-key.js';

export default class ApiKeysList extends BaseCommand<typeof ApiKeysList> {
  static override summary = 'List API keys.';

  static override description = `Lists API keys (yours; an admin sees every key), one page at a time \
(--limit, default 20) or every page with --all. Revoked keys are left out unless --include-revoked. \
Secrets are never listed, only their prefix.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every key, revoked ones too, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --include-revoked --all --json',
    },
  ];

  static override flags = {
    'include-revoked': Flags.boolean({ description: 'Also list revoked keys.' }),
    limit: Flags.integer({ description: 'Page size, 1 to 100 (default 20).', min: 1, max: 100 }),
    all: Flags.boolean({ description: 'Fetch every page, not just the first.' }),
  };

  async run(): Promise<ListDocument<ApiKey>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const pages = client.apiKeys.list({
      includeRevoked: this.flags['include-revoked'] || undefined,
      limit: limit ?? (all ? 100 : undefined),
    });
    let result: ListDocument<ApiKey>;
    if (all) {
      const data: ApiKey[] = [];
      for await (const key of pages) data.push(key);
      result = { object: 'list', data, has_more: false };
    } else {
      const page = await pages;
      result = { object: 'list', data: page.data, has_more: page.has_more };
    }
    this.print(result);
    return result;
  }

  private print(result: ListDocument<ApiKey>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No API keys.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (k) => k.id },
      { header: 'NAME', get: (k) => k.name },
      { header: 'PREFIX', get: (k) => k.prefix },
      { header: 'ROLE', get: (k) => k.role },
      {
        header: 'STATE',
        get: (k) => {
          const state = apiKeyState(k);
          return state === 'active' ? s.green(state) : s.yellow(state);
        },
      },
      { header: 'CREATED', get: (k) => formatTime(k.createdAt, s) },
      { header: 'EXPIRES', get: (k) => (k.expiresAt ? formatTime(k.expiresAt, s) : s.dim('never')) },
      { header: 'LAST USED', get: (k) => (k.lastUsedAt ? formatTime(k.lastUsedAt, s) : s.dim('never')) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More keys follow: pass --all, or a larger --limit.'));
  }
}
