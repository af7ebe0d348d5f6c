import type {
  CreateJobRequestSchema,
  Job,
  JobsBatch,
  JobType,
  ListJobsQuerySchema,
  QueueStats,
} from '@tillpoint/sdk/schemas';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Database } from '../../db/database-types.js';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import { jobResultKey } from '../../infra/blobs/blob-store.js';
import type { EnqueueRequest, JobQueue } from '../../queue/job-queue.js';
import type { JobCatalog } from '../../queue/job-types.js';
import { QUEUES } from '../../queue/job-types.js';
import { toJob } from './jobs-presenter.js';
import { jobsRepository } from './jobs-repository.js';

const FINISHED = new Set(['succeeded', 'dead', 'cancelled']);
/**
 * A long-poll looks at the job again as soon as a worker of this process finishes it, and at least this often for a
 * job that another node's worker runs.
 */
const WAIT_POLL_MS = 100;

/** A job as the API asks for it, as the queue takes it. */
function enqueueRequestOf(input: z.output<typeof CreateJobRequestSchema>): EnqueueRequest {
  return {
    type: input.type,
    params: input.params,
    ...(input.priority === undefined ? {} : { priority: input.priority }),
    ...(input.runAt === undefined ? {} : { runAt: new Date(input.runAt) }),
    ...(input.maxAttempts === undefined ? {} : { maxAttempts: input.maxAttempts }),
    ...(input.uniqueKey === undefined ? {} : { uniqueKey: input.uniqueKey }),
  };
}

/** A validation error of the batch's job `index`, pointed at `body.jobs.<index>`; other errors as they are. */
function namingTheJob(index: number, error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_failed') return error;
  return new AppError('validation_failed', {
    detail: `Job ${index} of the batch is invalid; nothing was enqueued.`,
    errors: (error.errors ?? []).map((issue) => ({
      ...issue,
      path: issue.path.replace(/^body/, `body.jobs.${index}`),
    })),
  });
}

/** Jobs as the API sees them: run any registered type (one or a batch), watch it, retry or cancel it. */
export function createJobsService(deps: {
  db: Database;
  queue: JobQueue;
  catalog: JobCatalog;
  blobs: BlobStore;
}) {
  const { db, queue } = deps;

  async function mustFind(id: string) {
    const row = await queue.findById(db, id);
    if (!row) throw new AppError('not_found', { detail: `No job ${id}.` });
    return row;
  }

  return {
    async create(input: z.output<typeof CreateJobRequestSchema>): Promise<{ job: Job; created: boolean }> {
      const { job, created } = await queue.enqueueAndWake(db, enqueueRequestOf(input));
      return { job: toJob(job), created };
    },

    /**
     * Enqueues every job in one transaction, so a batch is all or nothing: a job with an unknown type or bad params
     * fails the batch with 422 naming it (`body.jobs.<index>…`). A `uniqueKey` already held by a pending or running
     * job, or by an earlier job of the same batch, answers that job instead of a new one.
     */
    async createMany(inputs: Array<z.output<typeof CreateJobRequestSchema>>): Promise<JobsBatch> {
      const results = await queue.enqueueInTransaction(
        db,
        (trx) => queue.enqueueMany(trx, inputs.map(enqueueRequestOf), namingTheJob),
        (enqueued) => enqueued.map(({ job }) => job.queue),
      );
      const created = results.filter((result) => result.created).length;
      return {
        object: 'jobs_batch',
        created,
        existing: results.length - created,
        data: results.map(({ job, created }) => ({ created, job: toJob(job) })),
      };
    },

    /** The job; with `waitSeconds`, answers as soon as it has finished or the wait is over. */
    async get(id: string, waitSeconds = 0, signal?: AbortSignal): Promise<Job> {
      const deadline = Date.now() + waitSeconds * 1000;
      const nextLook = () => queue.nextFinish(id, Math.min(WAIT_POLL_MS, Math.max(1, deadline - Date.now())));
      let finished = nextLook();
      let row = await mustFind(id);
      while (!FINISHED.has(row.status) && Date.now() < deadline && !signal?.aborted) {
        await finished;
        finished = nextLook();
        row = await mustFind(id);
      }
      return toJob(row);
    },

    async list(query: z.output<typeof ListJobsQuerySchema>) {
      const { rows, hasMore } = await jobsRepository(db).list({
        queue: query.queue,
        type: query.type,
        status: query.status,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toJob), has_more: hasMore };
    },

    /** The job's result file, streamed from blob storage. */
    async resultFile(id: string) {
      const job = toJob(await mustFind(id));
      const file = job.resultFile;
      const blob = file ? await deps.blobs.get(jobResultKey(id, file.name)) : undefined;
      if (!file || !blob) {
        throw new AppError('no_result', {
          detail:
            job.status === 'succeeded' || !FINISHED.has(job.status)
              ? `Job ${id} (${job.type}) has no result file${FINISHED.has(job.status) ? '' : ` yet: it is ${job.status}`}.`
              : `Job ${id} ended ${job.status} without a result file.`,
        });
      }
      return { file, ...blob };
    },

    async cancel(id: string): Promise<Job> {
      await mustFind(id);
      return toJob(await queue.cancel(db, id));
    },

    async retry(id: string): Promise<Job> {
      await mustFind(id);
      // One transaction: the answer is the job as the retry left it, not as a worker that claimed it at once has.
      const job = await db.transaction().execute((trx) => queue.retry(trx, id));
      queue.wake(job.queue);
      return toJob(job);
    },

    /** Depth and last-minute throughput of every queue (queues with nothing in them show zeros). */
    async queues(now: Date): Promise<QueueStats[]> {
      const { byStatus, recent } = await jobsRepository(db).queueCounts(
        new Date(now.getTime() - 60_000).toISOString(),
      );
      return QUEUES.map((name) => {
        const count = (status: string) =>
          Number(byStatus.find((row) => row.queue === name && row.status === status)?.count ?? 0);
        return {
          object: 'queue' as const,
          name,
          pending: count('pending'),
          running: count('running'),
          dead: count('dead'),
          succeededLastMinute: Number(recent.find((row) => row.queue === name)?.count ?? 0),
        };
      });
    },

    types(): JobType[] {
      return [...deps.catalog.values()].map((type) => ({
        object: 'job_type',
        type: type.type,
        queue: type.queue,
        maxAttempts: type.maxAttempts ?? 5,
        timeoutMs: type.timeoutMs ?? 60_000,
        paramsSchema: z.toJSONSchema(type.params, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
      }));
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
