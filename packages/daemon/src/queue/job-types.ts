import type { Readable } from 'node:stream';
import type { JobResultFile } from '@tillpoint/sdk/schemas';
import type { z } from 'zod';

/** The three queues named in the architecture. */
export const QUEUES = ['email', 'webhooks', 'data-processing'] as const;
export type QueueName = (typeof QUEUES)[number];

/** What a handler gets besides its params. */
export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  /** The job's attempt budget: `attempt === maxAttempts` is the last try. */
  maxAttempts: number;
  /** Aborted on timeout, on a cancel request, and when the daemon shuts down: stop cooperatively. */
  signal: AbortSignal;
  /** Reports progress (0-100) with an optional message; visible on the job at once. */
  progress(percent: number, message?: string): Promise<void>;
  /**
   * Streams a result file into blob storage and attaches it to the job (`resultFile`, downloadable at
   * `GET /v1/jobs/:id/result`). One file per job; a retry replaces the previous attempt's.
   */
  saveResultFile(
    file: { name: string; contentType: string },
    body: Readable | AsyncIterable<string | Buffer>,
  ): Promise<JobResultFile>;
  /** Attaches a file already written to the job's result key (by a worker thread). */
  attachResultFile(file: JobResultFile): Promise<void>;
}

/**
 * A job type: its queue, the schema its params must pass at enqueue time, its retry policy and its
 * handler. Handlers must be idempotent: delivery is at least once.
 */
export interface JobType<S extends z.ZodType = z.ZodType> {
  type: string;
  queue: QueueName;
  params: S;
  /** Attempts before the job is dead. Default 5. */
  maxAttempts?: number;
  /** Per-attempt time limit. Default 60 s. */
  timeoutMs?: number;
  /** Delay before retry number `attempt` (1-based attempt that failed). Default: exponential backoff with jitter. */
  retryDelayMs?(attempt: number): number;
  handler(params: z.output<S>, context: JobContext): Promise<unknown>;
}

export function defineJobType<S extends z.ZodType>(definition: JobType<S>): JobType<S> {
  return definition;
}

/** The catalog: every job type the daemon can run, by name. */
export type JobCatalog = ReadonlyMap<string, JobType>;

export function createJobCatalog(types: JobType[]): JobCatalog {
  const catalog = new Map<string, JobType>();
  for (const type of types) {
    if (catalog.has(type.type)) throw new Error(`job type ${type.type} is defined twice`);
    catalog.set(type.type, type);
  }
  return catalog;
}
