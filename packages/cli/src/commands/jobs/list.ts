import { Flags } from '@oclif/core';
import type { Job, JobStatus } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';
import { jobStatusText } from '../../output/print-job.js';

// Spelled out: a value import of the SDK here would load it at start-up (see test/manifest.test.ts).
const STATUSES: JobStatus[] = ['pending', 'running', 'succeeded', 'dead', 'cancelled'];

export default class JobsList extends BaseCommand<typeof JobsList> {
  static override summary = 'List background jobs (admin).';

  static override description =
    `Lists jobs, newest first, one page at a time (--limit, default 20) or every page \
with --all. Filter by --status, --type and --queue.

--json prints the list as the API returns it: { "object": "list", "data": [...], "has_more": ... }.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every dead job, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --status dead --all --json',
    },
    {
      description: 'The latest runs of one type.',
      command: '<%= config.bin %> <%= command.id %> --type orders.cancel_overdue --limit 5',
    },
  ];

  static override flags = {
    status: Flags.string({ description: 'Only jobs in this status.', options: STATUSES }),
    type: Flags.string({ description: 'Only jobs of this type.', helpValue: '<type>' }),
    queue: Flags.string({ description: 'Only jobs on this queue.', helpValue: '<queue>' }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<Job>> {
    const client = await this.client();
    const { status, type, queue, limit, all } = this.flags;
    const result = await collectList(
      client.jobs.list({ status: status as JobStatus | undefined, type, queue, limit: pageSize(limit, all) }),
      all,
    );
    this.print(result);
    return result;
  }

  private print(result: ListDocument<Job>): void {
    const s = this.out.style;
    if (result.data.length === 0) {
      this.out.line('No jobs match.');
      return;
    }
    this.out.table(result.data, [
      { header: 'ID', get: (j) => j.id },
      { header: 'TYPE', get: (j) => j.type },
      { header: 'STATUS', get: (j) => jobStatusText(j.status, s) },
      { header: 'PROGRESS', get: (j) => `${j.progress}%` },
      { header: 'ATTEMPTS', get: (j) => `${j.attempts}/${j.maxAttempts}` },
      { header: 'CREATED', get: (j) => formatTime(j.createdAt, s) },
    ]);
    if (result.has_more)
      this.out.notice(this.out.errStyle.dim('More jobs follow: pass --all, or a larger --limit.'));
  }
}
