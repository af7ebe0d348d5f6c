import { Flags } from '@oclif/core';
import type { User } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { formatTime, type ListDocument } from '../../output/format.js';

export default class UsersList extends BaseCommand<typeof UsersList> {
  static override summary = 'List user accounts (admin).';

  static override description = `Lists accounts, newest first, one page at a time (--limit, default 20), or \
every page with --all. Filters by role, disabled state or exact email. Needs an admin.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every admin, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --role admin --all --json',
    },
    {
      description: 'Find an account by email.',
      command: '<%= config.bin %> <%= command.id %> --email ada@example.com',
    },
  ];

  static override flags = {
    role: Flags.string({ description: 'Only users with this role.', options: ['admin', 'user'] }),
    disabled: Flags.boolean({
      allowNo: true,
      description: 'Only disabled accounts (--no-disabled: only active ones).',
    }),
    email: Flags.string({ description: 'Only the account with this exact email.', helpValue: '<email>' }),
    limit: Flags.integer({ description: 'Page size, 1 to 100 (default 20).', min: 1, max: 100 }),
    all: Flags.boolean({ description: 'Fetch every page, not just the first.' }),
  };

  async run(): Promise<ListDocument<User>> {
    const client = await this.client();
    const { role, disabled, email, limit, all } = this.flags;
    const pages = client.users.list({
      role: role as 'admin' | 'user' | undefined,
      disabled,
      email,
      limit: limit ?? (all ? 100 : undefined),
    });
    let result: ListDocument<User>;
    if (all) {
      const data: User[] = [];
      for await (const user of pages) data.push(user);
      result = { object: 'list', data, has_more: false };
    } else {
      const page = await pages;
      result = { object: 'list', data: page.data, has_more: page.has_more };
    }
    this.print(result);
    return result;
  }

  private print(result: ListDocument<User>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No users match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (u) => u.id },
      { header: 'EMAIL', get: (u) => u.email },
      { header: 'NAME', get: (u) => u.name ?? s.dim('-') },
      { header: 'ROLE', get: (u) => u.role },
      { header: 'DISABLED', get: (u) => (u.disabled ? s.yellow('yes') : 'no') },
      { header: 'CREATED', get: (u) => formatTime(u.createdAt, s) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More users follow: pass --all, or a larger --limit.'));
  }
}
