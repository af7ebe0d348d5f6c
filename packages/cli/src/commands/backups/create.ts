import { Flags } from '@oclif/core';
import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { CliFailure } from '../../output/describe-error.js';
import { createJobProgress, printJob } from '../../output/print-job.js';

export default class BackupsCreate extends BaseCommand<typeof BackupsCreate> {
  static override summary = 'Back up the database now (admin).';

  static override description =
    `Queues an online SQLite backup (POST /v1/backups) and, unless --no-wait, waits for it \
with progress on a terminal. Writes continue while it runs. Exits 1 if the backup fails.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  static override flags = {
    wait: Flags.boolean({ description: 'Wait for the backup to finish.', default: true, allowNo: true }),
  };

  async run(): Promise<Job> {
    const client = await this.client();
    let job = await client.backups.create();
    if (this.flags.wait) {
      const progress = createJobProgress(Boolean(process.stderr.isTTY && !process.env.CI));
      try {
        while (!['succeeded', 'dead', 'cancelled'].includes(job.status)) {
          job = await client.jobs.get(job.id, { wait: 5 });
          progress.update(job);
        }
      } finally {
        progress.stop();
      }
      if (job.status !== 'succeeded') {
        throw new CliFailure(
          `Backup job ${job.id} ended ${job.status}: ${job.lastError ?? 'no error recorded'}`,
          'job_failed',
        );
      }
      const result = job.result as { name: string; size: number };
      this.out.line(
        `${this.out.style.green('✓')} Backed up to ${this.out.style.bold(result.name)} (${result.size} bytes).`,
      );
    }
    printJob(this.out, job);
    return job;
  }
}
