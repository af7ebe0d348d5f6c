import { Flags } from '@oclif/core';
import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd import --in <file>`. */
export default class Import extends DaemonCommand {
  static override summary = 'Load an export into an empty database, all or nothing.';
  static override description =
    'Migrates the target first, loads every table in one transaction and checks the rows and money totals against ' +
    'the export’s summary; the product search index is rebuilt afterwards.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --in shop.jsonl',
    {
      description: 'Move a SQLite shop to PostgreSQL',
      command:
        '<%= config.bin %> <%= command.id %> --database-url postgres://tillpoint@db/tillpoint --in shop.jsonl --json',
    },
  ];
  static override enableJsonFlag = true;
  static override flags = {
    in: Flags.string({
      description: 'File written by `tillpointd export`.',
      required: true,
      helpValue: '<file>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Import);
    const config = this.settings(flags);
    const { importCommand } = await import('../cli/dump-commands.js');
    await importCommand(config, { in: flags.in, json: this.jsonEnabled() });
  }
}
