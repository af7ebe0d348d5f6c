import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd migrate`. */
export default class Migrate extends DaemonCommand {
  static override summary = 'Apply pending database migrations and exit.';
  static override description =
    'Brings the database (the SQLite file in the data dir, or --database-url) to this version’s schema. ' +
    '`serve` does the same at start unless --no-migrate; run this first when several nodes share PostgreSQL.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Migrate a PostgreSQL database and print what was applied as JSON',
      command: '<%= config.bin %> <%= command.id %> --database-url postgres://tillpoint@db/tillpoint --json',
    },
  ];
  static override enableJsonFlag = true;

  async run(): Promise<void> {
    const { flags } = await this.parse(Migrate);
    const config = this.settings(flags);
    const { migrateCommand } = await import('../cli/migrate-command.js');
    await migrateCommand(config, { json: this.jsonEnabled() });
  }
}
