import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { createJobProgress, printJob } from '../../output/print-job.js';
import { saveDownload } from '../../output/save-download.js';

export default class ProductsImport extends BaseCommand<typeof ProductsImport> {
  static override summary = 'Import products from a CSV or JSON Lines file (admin).';

  static override description =
    `Uploads the file (POST /v1/uploads) and runs the imports.products job: rows are \
upserted by SKU, each in its own transaction, so bad rows never stop good ones. Columns: sku, name, price (minor \
units), currency, and optionally description, active, stock (set on new products only).

With --wait (the default) it shows progress on a terminal, prints the counts, saves the per-row error report with \
--errors <file>, and exits 1 when any row failed. --no-wait returns the queued job.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> products.csv',
    {
      description: 'JSON Lines, keeping the error report.',
      command: '<%= config.bin %> <%= command.id %> catalog.jsonl --errors import-errors.csv --json',
    },
  ];

  static override args = {
    file: Args.string({ description: 'A .csv (with a header row) or .jsonl file.', required: true }),
  };

  static override flags = {
    wait: Flags.boolean({ description: 'Wait for the import to finish.', default: true, allowNo: true }),
    errors: Flags.string({ description: 'Save the per-row error report (CSV) here.', helpValue: '<file>' }),
    format: Flags.string({
      description: 'File format (default: from the extension).',
      options: ['csv', 'jsonl'],
    }),
  };

  async run(): Promise<Job> {
    const { file } = this.args;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile())
      throw new CliFailure(`${file} is not a readable file.`, 'invalid_input', { exitCode: EXIT.usage });
    const format = this.flags.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
    const client = await this.client();
    const upload = await client.uploads.create(
      createReadStream(file),
      format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    );
    const showProgress = Boolean(this.flags.wait && process.stderr.isTTY && !process.env.CI);
    const progress = createJobProgress(showProgress);
    let job: Job;
    try {
      job = await client.jobs.run(
        'imports.products',
        { uploadId: upload.id },
        {
          wait: this.flags.wait,
          pollSeconds: showProgress ? 1 : 60,
          onUpdate: (update) => progress.update(update),
        },
      );
    } finally {
      progress.stop();
    }
    printJob(this.out, job);
    if (!this.flags.wait) return job;
    const result = job.result as { created?: number; updated?: number; failed?: number };
    if (this.flags.errors && job.resultFile)
      await saveDownload(await client.jobs.downloadResult(job.id), this.flags.errors);
    const s = this.out.style;
    this.out.line(
      `${(result.failed ?? 0) > 0 ? s.yellow('!') : s.green('✓')} ${result.created ?? 0} created, ${result.updated ?? 0} updated, ${result.failed ?? 0} failed.`,
    );
    if ((result.failed ?? 0) > 0) {
      process.exitCode = 1;
      if (!this.flags.errors)
        this.out.notice(`See the failed rows with: till jobs result ${job.id} --output errors.csv`);
    }
    return job;
  }
}
