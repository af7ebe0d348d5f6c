import type { Backup } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { formatTime, type ListDocument } from '../../output/format.js';

export default class BackupsList extends BaseCommand<typeof BackupsList> {
  static override summary = 'List backups with size, time and checksum (admin).';

  static override description =
    `Lists the online SQLite backups in the daemon's backup directory, newest first. \
Restore one offline with \`tillpointd restore <file>\`. --json prints the list as the API returns it.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  async run(): Promise<ListDocument<Backup>> {
    const client = await this.client();
    const result = await client.backups.list();
    const s = this.out.style;
    if (result.data.length === 0)
      this.out.line('No backups yet: `till backups create`, or wait for the hourly schedule.');
    else
      this.out.table(result.data, [
        { header: 'NAME', get: (b) => b.name },
        { header: 'SIZE', get: (b) => `${(b.size / 1024).toFixed(0)} KiB` },
        { header: 'CREATED', get: (b) => formatTime(b.createdAt, s) },
        { header: 'SHA-256', get: (b) => (b.sha256 ? b.sha256.slice(0, 16) : s.dim('none')) },
      ]);
    return result;
  }
}
