import type { z } from 'zod';

/** The three queues named in the architecture. */
export const QUEUES = ['email', 'webhooks', 'data-processing'] as const;
export type QueueName = (typeof QUEUES)[number];

/** What a handler gets besides its params. */
export interface JobContext {
  jobId: string;
  attempt: number;
  /** Aborted on timeout, on a cancel request, and when the daemon shuts down: stop cooperatively. */
  signal: AbortSignal;
  /** Reports progress (0-100) with an optional message; visible on the job at once. */
  progress(percent: number, message?: string): Promise<void>;
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
