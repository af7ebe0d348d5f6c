import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printJob } from '../../output/print-job.js';

export default class JobsRetry extends BaseCommand<typeof JobsRetry> {
  static override summary = 'Run a dead or cancelled job again (admin).';

  static override description =
    'Queues the job again with POST /v1/jobs/:id/retry, with fresh attempts. Only a dead or cancelled job can be retried (409 invalid_transition otherwise).';

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
    const job = await client.jobs.retry(this.args.id);
    this.out.line(
      `${this.out.style.green('✓')} Retried job ${this.out.style.bold(job.id)}: now ${job.status}.`,
    );
    printJob(this.out, job);
    return job;
  }
}
