import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { CliFailure, EXIT } from '../output/describe-error.js';

export default class Dashboard extends BaseCommand<typeof Dashboard> {
  static override summary = 'Live dashboard of the daemon (admin; interactive).';

  static override description =
    `A full-screen view that refreshes itself: daemon health and mode, queue depths and \
throughput, running and failed jobs (retry with r, cancel with c), orders and revenue in the last hour, webhook \
endpoints' health and the live event feed. q or Ctrl-C quits and leaves the terminal as it was.

It needs a terminal: without one, or with CI set, it refuses; use \`till events tail --json\` and \`till jobs queues --json\` there.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --refresh 5',
  ];

  static override flags = {
    refresh: Flags.integer({ description: 'Seconds between refreshes (default 2).', min: 1, max: 300 }),
  };

  async run(): Promise<undefined> {
    if (!process.stdout.isTTY || !process.stdin.isTTY || process.env.CI) {
      throw new CliFailure('till dashboard needs an interactive terminal.', 'not_interactive', {
        exitCode: EXIT.usage,
        hint: 'In scripts and CI use `till events tail --json` (live events) and `till jobs queues --json`.',
      });
    }
    const client = await this.client();
    const [React, ink, { createDashboardView }, { createDashboardSource }] = await Promise.all([
      import('react'),
      import('ink'),
      import('../ui/dashboard/dashboard-view.js'),
      import('../ui/dashboard/dashboard-data.js'),
    ]);
    const View = createDashboardView(React, ink);
    const app = ink.render(
      React.createElement(View, {
        source: createDashboardSource(client),
        refreshMs: (this.flags.refresh ?? 2) * 1000,
      }),
      { exitOnCtrlC: true },
    );
    await app.waitUntilExit();
    return undefined;
  }
}
