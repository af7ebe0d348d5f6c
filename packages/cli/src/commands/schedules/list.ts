import type { Schedule } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { scheduleTiming } from '../../output/print-schedule.js';

export default class SchedulesList extends BaseCommand<typeof SchedulesList> {
  static override summary = 'List schedules, built-in ones included (admin).';

  static override description =
    `Lists the schedules that enqueue jobs: the built-in ones (cleanup, unpaid orders, \
reconciliation, the daily sales report, SQLite backups) and your own.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
  ];

  static override flags = { limit: sharedFlags.limit(), all: sharedFlags.all() };

  async run(): Promise<ListDocument<Schedule>> {
    const client = await this.client();
    const { limit, all } = this.flags;
    const result = await collectList(client.schedules.list({ limit: pageSize(limit, all) }), all);
    const s = this.out.style;
    if (result.data.length === 0) this.out.line('No schedules.');
    else
      this.out.table(result.data, [
        { header: 'NAME', get: (x) => x.name },
        { header: 'WHEN', get: (x) => scheduleTiming(x) },
        { header: 'JOB', get: (x) => x.jobType },
        { header: 'STATE', get: (x) => (x.paused ? s.yellow('paused') : s.green('active')) },
        { header: 'NEXT TICK', get: (x) => formatTime(x.nextTickAt, s) },
        { header: 'BUILT-IN', get: (x) => (x.builtin ? 'yes' : '') },
      ]);
    if (result.has_more) this.out.notice(this.out.errStyle.dim('More schedules follow: pass --all.'));
    return result;
  }
}
