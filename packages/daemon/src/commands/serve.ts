import { DaemonCommand } from '../cli/daemon-command.js';
import { startServe } from '../cli/start-serve.js';

/** `tillpointd serve`, also what `tillpointd` with no command (or only flags) runs. */
export default class Serve extends DaemonCommand {
  static override summary = 'Start the HTTP API, workers and scheduler (the default command).';
  static override description =
    'Applies pending migrations first unless --no-migrate, then serves until SIGTERM or SIGINT and shuts down gracefully. ' +
    'Every setting is a flag here and a TILLPOINT_* env var; a bad setting or a known start-up failure (port in use, ' +
    'data dir unusable, database unreachable) stops it with one line naming the setting, exit 78.';
  static override examples = [
    { description: 'Start a single node with its data in ./.tillpoint', command: '<%= config.bin %>' },
    { description: 'Listen on another port', command: '<%= config.bin %> <%= command.id %> --port 8080' },
    {
      description: 'Join a cluster (PostgreSQL + Redis)',
      command:
        '<%= config.bin %> <%= command.id %> --database-url postgres://tillpoint@db/tillpoint --redis-url redis://cache:6379',
    },
  ];

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    await startServe(flags);
  }
}
