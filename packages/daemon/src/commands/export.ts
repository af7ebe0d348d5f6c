import { Flags } from '@oclif/core';
import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd export --out <file>`. */
export default class Export extends DaemonCommand {
  static override summary = 'Write a consistent snapshot of every table as JSON Lines.';
  static override description =
    'The portable way to move a shop between SQLite and PostgreSQL (with `import`). The file is written atomically; ' +
    'the last line is a summary of rows and money totals per table, which is also printed.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --out shop.jsonl',
    {
      description: 'Export a PostgreSQL database and print the per-table summary as JSON',
      command:
        '<%= config.bin %> <%= command.id %> --database-url postgres://tillpoint@db/tillpoint --out shop.jsonl --json',
    },
  ];
  static override enableJsonFlag = true;
  static override flags = {
    out: Flags.string({
      description: 'File to write (replaced atomically).',
      required: true,
      helpValue: '<file>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Export);
    const config = this.settings(flags);
    const { exportCommand } = await import('../cli/dump-commands.js');
    await exportCommand(config, { out: flags.out, json: this.jsonEnabled() });
  }
}
