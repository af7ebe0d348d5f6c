import { Args } from '@oclif/core';
import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd restore <file>`. */
export default class Restore extends DaemonCommand {
  static override summary = 'Replace the SQLite database with a backup (offline).';
  static override description =
    'Refused (exit 1) while a daemon runs on the data dir, on PostgreSQL, or when the backup fails its checksum, ' +
    '`PRAGMA integrity_check` or is not a Tillpoint database. The replaced file is kept beside it as ' +
    'tillpoint.db.before-restore-<time>; the restored one is migrated to this version.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> .tillpoint/backups/tillpoint-20250101T000000Z.db',
    {
      description: 'Restore into another data dir and print the result as JSON',
      command: '<%= config.bin %> <%= command.id %> backup.db --data-dir /var/lib/tillpoint --json',
    },
  ];
  static override enableJsonFlag = true;
  static override usage = '<%= command.id %> FILE [FLAGS]';
  static override args = {
    file: Args.string({
      description: 'A backup written by backup.create (tillpoint-<time>.db).',
      required: true,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Restore);
    const config = this.settings(flags);
    const { restoreCommand } = await import('../cli/restore-command.js');
    await restoreCommand(config, { file: args.file, json: this.jsonEnabled() });
  }
}
