import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { saveDownload } from '../../output/save-download.js';

export default class JobsResult extends BaseCommand<typeof JobsResult> {
  static override summary = 'Download the file a job produced (admin).';

  static override description =
    `Streams the job's result file (a report, an export, an import's error report) to \
--output, or to stdout with --output - (refused on a terminal). 409 no_result when the job has no file (yet).

--json prints { "jobId", "file", "savedTo" } with the file's name, type, size and SHA-256.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0 --output sales.csv',
    {
      description: 'Into a pipe.',
      command: '<%= config.bin %> <%= command.id %> job_01JABCDEFGHJKMNPQRSTVWXYZ0 --output - | head',
    },
  ];

  static override args = { id: idArg('job', 'The job ID (job_…).') };

  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'File to write, or - for stdout. Default: the file’s own name.',
      helpValue: '<file|->',
    }),
  };

  async run() {
    const client = await this.client();
    const job = await client.jobs.get(this.args.id);
    const body = await client.jobs.downloadResult(job.id);
    const target = this.flags.output ?? job.resultFile?.name ?? `${job.id}.out`;
    const savedTo = await saveDownload(body, target);
    if (savedTo !== 'stdout') {
      this.out.line(
        `${this.out.style.green('✓')} Saved ${job.resultFile?.size ?? '?'} bytes to ${this.out.style.bold(savedTo)}.`,
      );
    }
    return { jobId: job.id, file: job.resultFile, savedTo };
  }
}
