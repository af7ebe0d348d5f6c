import { Args, Flags } from '@oclif/core';
import type { CreateJobRequest, Job, JobsBatch } from '@tillpoint/sdk';
import { buildFields, readJsonInput } from '../../api/api-request.js';
import { readJsonLines } from '../../api/json-lines.js';
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

--json prints the job as one JSON document: the finished job with --wait, else the queued one.

--from-file jobs.jsonl (- for stdin) enqueues many jobs instead: one job per line, as POST /v1/jobs takes it ({"type":"…","params":{…},"priority":…,"runAt":…,"maxAttempts":…,"uniqueKey":…}). They are sent with POST /v1/jobs/batch, 1,000 per request, each request one transaction (all of its lines or none); progress goes to stderr on a terminal. --json prints the batch result: counts and every job in line order, created: false where a uniqueKey matched an existing job.`;

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
      description: 'Enqueue every job of a JSON Lines file in batches (CI).',
      command: '<%= config.bin %> <%= command.id %> --from-file jobs.jsonl --json',
    },
    {
      description: 'Params from a file, giving up after 10 minutes.',
      command:
        '<%= config.bin %> <%= command.id %> orders.cancel_overdue --params-file params.json --wait --timeout 600',
    },
  ];

  static override args = {
    // Never read from stdin when absent (oclif does for a missing arg): --from-file - reads the jobs from it.
    type: Args.string({
      description: 'The job type, e.g. maintenance.cleanup (not with --from-file).',
      ignoreStdin: true,
    }),
  };

  static override flags = {
    'from-file': Flags.string({
      description: 'Enqueue the jobs of this JSON Lines file (one job per line), or - for stdin, in batches.',
      helpValue: '<file|->',
      exclusive: ['param', 'params-file', 'wait', 'priority', 'unique-key', 'output'],
    }),
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

  async run(): Promise<Job | JobsBatch> {
    const fromFile = this.flags['from-file'];
    if (fromFile !== undefined) return this.enqueueFile(fromFile);
    const type = this.args.type;
    if (type === undefined) {
      throw new CliFailure('Name the job type, or give --from-file.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'See the types with `till jobs types`.',
      });
    }
    const params = await this.params();
    const client = await this.client();
    const { wait, timeout, priority } = this.flags;
    const showProgress = Boolean(wait && process.stderr.isTTY && !process.env.CI);
    const progress = createJobProgress(showProgress);
    const started = Date.now();
    let job: Job;
    let last: Job | undefined;
    try {
      job = await client.jobs.run(type, params, {
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

  /** `--from-file`: every line a job, sent 1,000 per request; a refused request names its line. */
  private async enqueueFile(source: string): Promise<JobsBatch> {
    const rows = await readJsonLines(source, process.stdin, '--from-file');
    if (rows.length === 0) {
      throw new CliFailure('--from-file holds no jobs.', 'invalid_input', { exitCode: EXIT.usage });
    }
    const client = await this.client();
    const showProgress = Boolean(process.stderr.isTTY && !process.env.CI);
    const jobs = rows.map((row) => row.value as CreateJobRequest);
    let batch: JobsBatch;
    let done = 0;
    try {
      batch = await client.jobs.enqueueMany(jobs, {
        onProgress: (enqueued, total) => {
          done = enqueued;
          if (showProgress) process.stderr.write(`\rEnqueued ${enqueued} of ${total} jobs`);
        },
      });
    } catch (error) {
      throw this.lineOf(error, rows, done) ?? error;
    } finally {
      if (showProgress) process.stderr.write('\n');
    }
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Enqueued ${s.bold(String(batch.created))} new jobs from ${rows.length} lines (${batch.existing} matched an existing job by uniqueKey).`,
    );
    return batch;
  }

  /**
   * A refused batch names its job as `body.jobs.<index>` within the request that started at job `done`: say which
   * line of the file it was, and that the lines before that request were enqueued.
   */
  private lineOf(error: unknown, rows: Array<{ line: number }>, done: number): CliFailure | undefined {
    const errors = (error as { errors?: Array<{ path: string; message: string }> }).errors ?? [];
    const match = errors
      .map((issue) => ({ issue, index: /^body\.jobs\.(\d+)/.exec(issue.path)?.[1] }))
      .find((m) => m.index);
    if (!match) return undefined;
    const row = rows[done + Number(match.index)];
    const field = match.issue.path.replace(/^body\.jobs\.\d+\.?/, '') || 'job';
    return new CliFailure(
      `--from-file line ${row?.line}: ${field}: ${match.issue.message}`,
      'validation_failed',
      {
        hint: `${done} jobs (the lines before its request of 1,000) were enqueued; nothing from that request was.`,
      },
    );
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
