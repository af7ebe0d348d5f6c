import type { Readable } from 'node:stream';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { JobFailedError, TimeoutError } from '../errors.js';
import { type List, listSchema } from '../schemas/common.js';
import {
  type CreateJobRequest,
  type Job,
  JobSchema,
  type JobsBatch,
  JobsBatchSchema,
  type JobType,
  JobTypeSchema,
  type ListJobsQuery,
  MAX_JOBS_PER_BATCH,
  type QueueStats,
  QueueStatsSchema,
} from '../schemas/jobs.js';

/** Options of `jobs.enqueueMany()`: the per-request options plus progress. */
export interface EnqueueManyOptions extends Omit<RequestOptions, 'query' | 'body'> {
  /** Called after each request of 1,000 with how many jobs have been enqueued so far and how many there are. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Filters of `jobs.list()`: {@link ListJobsQuery} with `limit` typed as passed, not as sent. */
export type JobListParams = Omit<ListJobsQuery, 'limit'> & { limit?: number | undefined };

/** Query of `jobs.get()`: `wait` long-polls up to that many seconds (0–60) until the job has finished. */
export interface JobGetParams {
  wait?: number | undefined;
}

/** Options of `jobs.run()`: the per-request options plus how to wait. */
export interface JobRunOptions extends Omit<RequestOptions, 'query' | 'body' | 'timeout'> {
  /** Wait until the job has finished: resolve with it when `succeeded`, throw {@link JobFailedError} otherwise. */
  wait?: boolean | undefined;
  /**
   * With `wait`: give up after this many ms with a {@link TimeoutError} (the job keeps running). Default: no limit.
   * Without `wait`: the per-request timeout of the create call.
   */
  timeout?: number | undefined;
  /** Seconds of each long-poll (1–60, default 60). Shorter slices report progress more often. */
  pollSeconds?: number | undefined;
  /** Called with the job after it was created and after each long-poll, e.g. to show `progress`. */
  onUpdate?: ((job: Job) => void) | undefined;
  /** Other fields of the create request. */
  priority?: number | undefined;
  runAt?: string | undefined;
  maxAttempts?: number | undefined;
  uniqueKey?: string | undefined;
}

/** The longest long-poll the daemon allows, in seconds. */
const MAX_WAIT_SECONDS = 60;
const FINISHED = new Set<Job['status']>(['succeeded', 'dead', 'cancelled']);

/** The URL of one job, its ID URL-encoded. */
const path = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;

/** Background jobs (admin): enqueue any registered type, watch, cancel and retry them. */
export class JobsResource extends APIResource {
  /**
   * `POST /v1/jobs`: 201 with a new job, or 200 with the existing one when `uniqueKey` matches a job.
   * 422 `validation_failed` for an unknown type or params that do not fit its schema.
   */
  create(body: CreateJobRequest, options?: RequestOptions): APIPromise<Job> {
    return this.client.request('POST', '/v1/jobs', { ...options, body }, JobSchema);
  }

  /**
   * `POST /v1/jobs/batch`, as many times as needed: enqueues `jobs` in requests of up to 1,000, each request one
   * transaction (all of its jobs or none: 422 `validation_failed` names the bad one as `body.jobs.<index>…`, the
   * index within that request). Results come back in order, `created: false` where a `uniqueKey` matched an existing
   * job. With an `idempotencyKey`, each request sends it suffixed with its number (`key:0`, `key:1`, …).
   */
  async enqueueMany(jobs: readonly CreateJobRequest[], options: EnqueueManyOptions = {}): Promise<JobsBatch> {
    const { onProgress, idempotencyKey, ...request } = options;
    const total: JobsBatch = { object: 'jobs_batch', created: 0, existing: 0, data: [] };
    for (let start = 0, part = 0; start < jobs.length; start += MAX_JOBS_PER_BATCH, part++) {
      const body = { jobs: jobs.slice(start, start + MAX_JOBS_PER_BATCH) };
      const batch = await this.client.request(
        'POST',
        '/v1/jobs/batch',
        { ...request, body, ...(idempotencyKey ? { idempotencyKey: `${idempotencyKey}:${part}` } : {}) },
        JobsBatchSchema,
      );
      total.created += batch.created;
      total.existing += batch.existing;
      total.data.push(...batch.data);
      onProgress?.(total.data.length, jobs.length);
    }
    return total;
  }

  /** `GET /v1/jobs`: filter by `queue`, `type` or `status`; await for one page, or `for await` for every job. */
  list(query?: JobListParams, options?: RequestOptions): PagePromise<Job> {
    return this.client.getAPIList('/v1/jobs', query, options, JobSchema);
  }

  /**
   * `GET /v1/jobs/:id`. With `wait` (seconds, at most 60) the daemon holds the request until the job has finished
   * or the wait is over; the request's timeout is raised above the wait.
   */
  get(id: string, query: JobGetParams = {}, options?: RequestOptions): APIPromise<Job> {
    const wait = query.wait;
    const timeout =
      wait && wait > 0 ? wait * 1000 + (options?.timeout ?? this.client.timeout) : options?.timeout;
    return this.client.request(
      'GET',
      path(id),
      { ...options, timeout, query: { ...options?.query, wait } },
      JobSchema,
    );
  }

  /** `POST /v1/jobs/:id/cancel`: cancels a pending job, or asks a running one to stop. 409 when finished. */
  cancel(id: string, options?: RequestOptions): APIPromise<Job> {
    return this.client.request('POST', `${path(id)}/cancel`, options, JobSchema);
  }

  /** `POST /v1/jobs/:id/retry`: runs a dead or cancelled job again. 409 `invalid_transition` otherwise. */
  retry(id: string, options?: RequestOptions): APIPromise<Job> {
    return this.client.request('POST', `${path(id)}/retry`, options, JobSchema);
  }

  /**
   * `GET /v1/jobs/:id/result`: the file the job produced (see `job.resultFile`), streamed as a Node.js `Readable`.
   * 409 `no_result` when the job has none (yet).
   *
   * ```ts
   * await pipeline(await client.jobs.downloadResult(job.id), createWriteStream(job.resultFile!.name));
   * ```
   */
  downloadResult(id: string, options?: RequestOptions): APIPromise<Readable> {
    return this.client.download('GET', `${path(id)}/result`, options);
  }

  /** `GET /v1/queues`: each queue's pending, running and dead jobs and how many succeeded in the last minute. */
  queues(options?: RequestOptions): APIPromise<List<QueueStats>> {
    return this.client.request('GET', '/v1/queues', options, listSchema(QueueStatsSchema));
  }

  /** `GET /v1/job-types`: every runnable type with its queue, retry policy and params JSON Schema. */
  types(options?: RequestOptions): APIPromise<List<JobType>> {
    return this.client.request('GET', '/v1/job-types', options, listSchema(JobTypeSchema));
  }

  /**
   * Creates a job of `type` with `params`. Without `wait`, resolves with the created job. With `wait: true`,
   * long-polls `GET /v1/jobs/:id?wait=…` (in slices of at most 60 s) until the job has finished: resolves with it
   * when it `succeeded`, throws {@link JobFailedError} when it ended `dead` or `cancelled`, and
   * {@link TimeoutError} when `timeout` ms passed first.
   *
   * ```ts
   * const job = await client.jobs.run('orders.cancel_overdue', { limit: 100 }, { wait: true });
   * console.log(job.result);
   * ```
   */
  async run(type: string, params: Record<string, unknown> = {}, options: JobRunOptions = {}): Promise<Job> {
    const { wait, timeout, pollSeconds, onUpdate, priority, runAt, maxAttempts, uniqueKey, ...request } =
      options;
    const started = Date.now();
    const body: CreateJobRequest = { type, params };
    if (priority !== undefined) body.priority = priority;
    if (runAt !== undefined) body.runAt = runAt;
    if (maxAttempts !== undefined) body.maxAttempts = maxAttempts;
    if (uniqueKey !== undefined) body.uniqueKey = uniqueKey;
    let job = await this.create(body, wait ? request : { ...request, timeout });
    onUpdate?.(job);
    if (!wait) return job;
    const slice = Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.floor(pollSeconds ?? MAX_WAIT_SECONDS)));
    const { idempotencyKey: _key, ...getOptions } = request;
    while (!FINISHED.has(job.status)) {
      const left = timeout === undefined ? Number.POSITIVE_INFINITY : started + timeout - Date.now();
      if (left <= 0) {
        throw new TimeoutError(`Job ${job.id} (${job.type}) had not finished after ${timeout} ms.`);
      }
      const seconds = Math.min(slice, Math.max(1, Math.ceil(left / 1000)));
      job = await this.get(job.id, { wait: seconds }, getOptions);
      onUpdate?.(job);
    }
    if (job.status !== 'succeeded') throw new JobFailedError(job);
    return job;
  }
}
