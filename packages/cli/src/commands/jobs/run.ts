import { Args, Flags } from '@oclif/core';
import type { Job } from '@tillpoint/sdk';
import { buildFields, readJsonInput } from '../../api/api-request.js';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { createJobProgress, printJob } from '../../output/print-job.js';
import { saveDownload } from '../../output/save-download.js';

export default class JobsRun extends BaseCommand<typeof JobsRun> {
  static override summary = 'Run a background job, and optionally wait for it (admin).';

  static override description =
    `Enqueues a job of a registered type (see \`till jobs types\`) with POST /v1/jobs. \
Params come from --params-file (a JSON object, - for stdin) and --param key=value flags, which override it; values \
are decoded like \`till api -F\`: numbers, true, false, null and JSON.

With --wait the command long-polls the job until it has finished, showing a spinner with its progress on stderr \
when that is a terminal, and exits 0 when it succeeded and 1 when it ended dead or cancelled (code job_failed). \
--timeout gives up after that many seconds (the job keeps running). This makes it the command for CI pipelines.

--json prints the job as one JSON document: the finished job with --wait, else the queued one.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> maintenance.cleanup --wait',
    {
      description: 'Cancel at most 5 overdue orders and wait, as JSON (for CI).',
      command: '<%= config.bin %> <%= command.id %> orders.cancel_overdue --param limit=5 --wait --json',
    },
    {
      description: "Yesterday's sales report into a file (CI).",
      command:
        '<%= config.bin %> <%= command.id %> reports.sales --param period=yesterday --wait --output sales.csv --json',
    },
    {
      description: 'Params from a file, giving up after 10 minutes.',
      command:
        '<%= config.bin %> <%= command.id %> orders.cancel_overdue --params-file params.json --wait --timeout 600',
    },
  ];

  static override args = {
    type: Args.string({ description: 'The job type, e.g. maintenance.cleanup.', required: true }),
  };

  static override flags = {
    param: Flags.string({
      char: 'p',
      multiple: true,
      description: 'A param key=value; numbers, true, false, null and JSON are decoded. Repeatable.',
      helpValue: '<key=value>',
    }),
    'params-file': Flags.string({
      description: 'Read params from a JSON object in this file, or - for stdin.',
      helpValue: '<file|->',
    }),
    wait: Flags.boolean({ description: 'Wait until the job has finished; exit 1 unless it succeeded.' }),
    timeout: Flags.integer({
      description: 'With --wait: give up after this many seconds (default: no limit).',
      helpValue: '<seconds>',
      min: 1,
    }),
    priority: Flags.integer({
      description: 'Priority, -100 to 100 (higher runs first).',
      min: -100,
      max: 100,
    }),
    output: Flags.string({
      char: 'o',
      description: "With --wait: save the job's result file here (- for stdout).",
      helpValue: '<file|->',
      dependsOn: ['wait'],
    }),
    'unique-key': Flags.string({
      description: 'Deduplication key: an existing job with this key is returned instead of a new one.',
      helpValue: '<key>',
    }),
  };

  async run(): Promise<Job> {
    const params = await this.params();
    const client = await this.client();
    const { wait, timeout, priority } = this.flags;
    const showProgress = Boolean(wait && process.stderr.isTTY && !process.env.CI);
    const progress = createJobProgress(showProgress);
    const started = Date.now();
    let job: Job;
    let last: Job | undefined;
    try {
      job = await client.jobs.run(this.args.type, params, {
        wait,
        timeout: wait && timeout !== undefined ? timeout * 1000 : undefined,
        pollSeconds: showProgress ? 1 : 60,
        onUpdate: (update) => {
          last = update;
          progress.update(update);
        },
        priority,
        uniqueKey: this.flags['unique-key'],
      });
    } catch (error) {
      const sdk = await this.loadSdk();
      if (
        last &&
        timeout !== undefined &&
        error instanceof sdk.TimeoutError &&
        Date.now() - started >= timeout * 1000
      ) {
        throw new CliFailure(
          `Job ${last.id} (${last.type}) had not finished after ${timeout} s; it keeps running.`,
          'job_timeout',
          {
            hint: `Follow it with \`till jobs get ${last.id} --wait 60\`, or stop it with \`till jobs cancel ${last.id}\`.`,
          },
        );
      }
      throw error;
    } finally {
      progress.stop();
    }
    const s = this.out.style;
    if (wait) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.out.line(`${s.green('✓')} Job ${s.bold(job.id)} (${job.type}) succeeded in ${seconds} s.`);
    } else {
      this.out.line(`${s.green('✓')} Queued job ${s.bold(job.id)} (${job.type}): ${job.status}.`);
    }
    printJob(this.out, job);
    if (!wait) this.out.notice(`Follow it with: till jobs get ${job.id} --wait 60`);
    if (this.flags.output !== undefined) {
      if (!job.resultFile) {
        throw new CliFailure(`Job ${job.id} (${job.type}) succeeded without a result file.`, 'no_result');
      }
      const savedTo = await saveDownload(await client.jobs.downloadResult(job.id), this.flags.output);
      if (savedTo !== 'stdout')
        this.out.notice(`Saved ${job.resultFile.name} (${job.resultFile.size} bytes) to ${savedTo}.`);
    }
    return job;
  }

  /** `--params-file` first, then each `--param` over it. */
  private async params(): Promise<Record<string, unknown>> {
    let base: Record<string, unknown> = {};
    const file = this.flags['params-file'];
    if (file !== undefined) {
      const parsed = await readJsonInput(file, process.stdin, '--params-file');
      if (parsed !== undefined) {
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw new CliFailure('--params-file must hold a JSON object.', 'invalid_input', {
            exitCode: EXIT.usage,
          });
        }
        base = parsed as Record<string, unknown>;
      }
    }
    return { ...base, ...buildFields([], this.flags.param ?? []) };
  }
}
