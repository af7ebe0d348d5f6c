import { z } from 'zod';
import { jobResultKey } from '../../infra/blobs/blob-store.js';
import type { Clock } from '../../infra/clock.js';
import { defineJobType, type JobContext } from '../../queue/job-types.js';
import type { DataPool } from '../../workers/data-pool.js';
import type { DataTaskName } from '../../workers/data-task.js';
import { PeriodParamsSchema, resolvePeriod } from './report-period.js';

/**
 * `reports.sales` and `exports.orders`: read-heavy jobs that run in a worker thread (see `workers/`), stream their
 * file into blob storage and attach it to the job.
 */
export function reportsJobTypes(deps: { pool: DataPool; clock: Clock }) {
  /** Runs a task in the pool, relaying progress, then attaches the file the task wrote. */
  async function inWorker(
    task: DataTaskName,
    input: unknown,
    file: { name: string; contentType: string },
    context: JobContext,
  ) {
    const key = jobResultKey(context.jobId, file.name);
    const result = await deps.pool.run(
      task,
      input,
      key,
      ({ percent, message }) => void context.progress(percent, message).catch(() => undefined),
      context.signal,
    );
    if (result.file) await context.attachResultFile({ ...file, ...result.file });
    return result.summary;
  }

  return [
    defineJobType({
      type: 'reports.sales',
      queue: 'data-processing',
      params: z.intersection(
        PeriodParamsSchema,
        z.object({ format: z.enum(['csv', 'json']).default('csv') }),
      ),
      maxAttempts: 3,
      timeoutMs: 30 * 60_000,
      async handler(params, context) {
        const { from, to } = resolvePeriod(params, deps.clock.now());
        const name = `sales-${from.slice(0, 10)}-to-${to.slice(0, 10)}.${params.format}`;
        const contentType = params.format === 'json' ? 'application/json' : 'text/csv';
        return inWorker('sales-report', { from, to, format: params.format }, { name, contentType }, context);
      },
    }),
    defineJobType({
      type: 'exports.orders',
      queue: 'data-processing',
      params: z.intersection(
        PeriodParamsSchema,
        z.object({ format: z.enum(['csv', 'jsonl']).default('csv') }),
      ),
      maxAttempts: 3,
      timeoutMs: 60 * 60_000,
      async handler(params, context) {
        const { from, to } = resolvePeriod(params, deps.clock.now());
        const name = `orders-${from.slice(0, 10)}-to-${to.slice(0, 10)}.${params.format}`;
        const contentType = params.format === 'jsonl' ? 'application/x-ndjson' : 'text/csv';
        return inWorker('orders-export', { from, to, format: params.format }, { name, contentType }, context);
      },
    }),
  ];
}
