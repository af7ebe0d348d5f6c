import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printJob } from '../../output/print-job.js';

export default class JobsCancel extends BaseCommand<typeof JobsCancel> {
  static override summary = 'Cancel a job (admin).';

  static override description =
    'Cancels the job with POST /v1/jobs/:id/cancel: a pending job will not run, a running one is asked to stop. A finished job cannot be cancelled (409).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('job', 'The job ID (job_…).'),
  };

  static override flags = {};

  async run(): Promise<Job> {
    const client = await this.client();
    const job = await client.jobs.cancel(this.args.id);
    this.out.line(
      `${this.out.style.green('✓')} Cancelled job ${this.out.style.bold(job.id)}: now ${job.status}.`,
    );
    printJob(this.out, job);
    return job;
  }
}
