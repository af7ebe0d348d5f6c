import { Flags } from '@oclif/core';
import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printJob } from '../../output/print-job.js';

export default class JobsGet extends BaseCommand<typeof JobsGet> {
  static override summary = 'Show one job (admin).';

  static override description =
    `Fetches the job with GET /v1/jobs/:id and prints its status, progress, attempts, \
last error and result. --wait <s> waits up to that many seconds (at most 60) for the job to finish first; the job \
is printed either way, finished or not.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Wait up to 30 s for it to finish, as JSON.',
      command: '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0 --wait 30 --json',
    },
  ];

  static override args = {
    id: idArg('job', 'The job ID (job_…).'),
  };

  static override flags = {
    wait: Flags.integer({
      description: 'Wait up to this many seconds (0 to 60) for the job to finish.',
      helpValue: '<seconds>',
      min: 0,
      max: 60,
    }),
  };

  async run(): Promise<Job> {
    const client = await this.client();
    const job = await client.jobs.get(this.args.id, { wait: this.flags.wait });
    printJob(this.out, job);
    return job;
  }
}
