import { Args, Flags } from '@oclif/core';
import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd restore <file>`. */
export default class Restore extends DaemonCommand {
  static override summary = 'Replace the SQLite database with a backup (offline).';
  static override description =
    'Refused (exit 1) while a daemon runs on the data dir, on PostgreSQL, when the backup has no recorded checksum ' +
    '(FILE.sha256 or FILE.manifest.json) or does not match it (unless --skip-checksum), or when it fails ' +
    '`PRAGMA integrity_check` or is not a Tillpoint database. The replaced file is kept beside it as ' +
    'tillpoint.db.before-restore-<time>; the restored one is migrated to this version.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> .tillpoint/backups/tillpoint-20250101T000000000Z-1a2b3c4d.db',
    {
      description: 'Restore into another data dir and print the result as JSON',
      command: '<%= config.bin %> <%= command.id %> backup.db --data-dir /var/lib/tillpoint --json',
    },
    {
      description: 'Restore a copy that lost its checksum files, because you vouch for it',
      command: '<%= config.bin %> <%= command.id %> backup.db --skip-checksum',
    },
  ];
  static override enableJsonFlag = true;
  static override usage = '<%= command.id %> FILE [FLAGS]';
  static override args = {
    file: Args.string({
      description: 'A backup written by backup.create (tillpoint-<time>-<id>.db).',
      required: true,
    }),
  };

  static override flags = {
    'skip-checksum': Flags.boolean({
      description:
        'Restore a file that has no recorded checksum (no FILE.sha256, no FILE.manifest.json), or whose checksum does not match, because you vouch for it.',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Restore);
    const config = this.settings(flags);
    const { restoreCommand } = await import('../cli/restore-command.js');
    await restoreCommand(config, {
      file: args.file,
      json: this.jsonEnabled(),
      skipChecksum: flags['skip-checksum'],
    });
  }
}
