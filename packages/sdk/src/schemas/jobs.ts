import { z } from 'zod';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';

export const JobIdSchema = idSchema('job');

export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'dead', 'cancelled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** A file a job produced (report, export, import report, backup), kept in blob storage. */
export const JobResultFileSchema = z
  .object({
    name: z.string().describe('Suggested file name, e.g. "orders-2026-11-01.csv"'),
    contentType: z.string(),
    size: z.number().int().min(0).describe('Bytes'),
    sha256: z.string().describe('Hex SHA-256 of the content'),
  })
  .meta({ id: 'JobResultFile' });
export type JobResultFile = z.infer<typeof JobResultFileSchema>;

/** A background job: what it runs, where it is, and what came of it. */
export const JobSchema = z
  .object({
    id: JobIdSchema,
    object: z.literal('job'),
    queue: z.string(),
    type: z.string(),
    params: z.unknown(),
    status: JobStatusSchema,
    priority: z.number().int(),
    runAt: TimestampSchema,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    uniqueKey: z.string().nullable(),
    progress: z.number().int().min(0).max(100),
    progressMessage: z.string().nullable(),
    // Any JSON, null included (`.nullable()` on unknown would only add an empty `anyOf` branch to the schema).
    result: z.unknown().describe('What the handler returned; null until it has finished'),
    lastError: z.string().nullable(),
    resultFile: JobResultFileSchema.nullable().describe(
      'The file the job produced, downloadable at GET /v1/jobs/:id/result',
    ),
    createdAt: TimestampSchema,
    startedAt: TimestampSchema.nullable(),
    finishedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof JobSchema>;

/** `POST /v1/jobs` (admin): run any registered job type; params are checked against its schema. */
export const CreateJobRequestSchema = z
  .strictObject({
    type: z.string().min(1).max(100),
    params: z.record(z.string(), z.unknown()).default({}),
    priority: z.number().int().min(-100).max(100).optional(),
    runAt: z.iso.datetime({ offset: true }).optional(),
    maxAttempts: z.number().int().min(1).max(50).optional(),
    uniqueKey: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'CreateJobRequest' });
export type CreateJobRequest = z.input<typeof CreateJobRequestSchema>;

/** The most jobs one `POST /v1/jobs/batch` takes. */
export const MAX_JOBS_PER_BATCH = 1_000;

/** `POST /v1/jobs/batch`: up to 1,000 jobs enqueued in one transaction (all or none). */
export const CreateJobsBatchRequestSchema = z
  .strictObject({
    jobs: z.array(CreateJobRequestSchema).min(1).max(MAX_JOBS_PER_BATCH),
  })
  .meta({ id: 'CreateJobsBatchRequest' });
export type CreateJobsBatchRequest = z.input<typeof CreateJobsBatchRequestSchema>;

/** What `POST /v1/jobs/batch` answers: one entry per job asked for, in order. */
export const JobsBatchSchema = z
  .object({
    object: z.literal('jobs_batch'),
    created: z.number().int().describe('How many new jobs were enqueued'),
    existing: z.number().int().describe('How many entries matched an existing job by `uniqueKey`'),
    data: z.array(
      z.object({
        created: z.boolean().describe('false: an existing pending or running job has this `uniqueKey`'),
        job: JobSchema,
      }),
    ),
  })
  .meta({ id: 'JobsBatch' });
export type JobsBatch = z.infer<typeof JobsBatchSchema>;

export const ListJobsQuerySchema = PageQuerySchema.extend({
  queue: z.string().max(50).optional(),
  type: z.string().max(100).optional(),
  status: JobStatusSchema.optional(),
}).strict();
export type ListJobsQuery = z.input<typeof ListJobsQuerySchema>;

/** `GET /v1/jobs/:id?wait=N`: long-poll up to N seconds (at most 60) until the job has finished. */
export const GetJobQuerySchema = z.strictObject({
  wait: z.coerce.number().int().min(0).max(60).optional(),
});

/** `GET /v1/job-types`: each runnable type with its queue, retry policy and params JSON Schema. */
export const JobTypeSchema = z
  .object({
    object: z.literal('job_type'),
    type: z.string(),
    queue: z.string(),
    maxAttempts: z.number().int(),
    timeoutMs: z.number().int(),
    paramsSchema: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'JobType' });
export type JobType = z.infer<typeof JobTypeSchema>;

/** `GET /v1/queues` (admin): each queue's depth and recent throughput, for dashboards and alerts. */
export const QueueStatsSchema = z
  .object({
    object: z.literal('queue'),
    name: z.string(),
    pending: z.number().int(),
    running: z.number().int(),
    dead: z.number().int(),
    succeededLastMinute: z.number().int().describe('Jobs of this queue that succeeded in the last 60 s'),
  })
  .meta({ id: 'QueueStats' });
export type QueueStats = z.infer<typeof QueueStatsSchema>;
