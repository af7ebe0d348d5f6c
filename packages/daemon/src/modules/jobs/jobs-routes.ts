import {
  CreateJobRequestSchema,
  CreateJobsBatchRequestSchema,
  GetJobQuerySchema,
  JobIdSchema,
  JobSchema,
  JobsBatchSchema,
  JobTypeSchema,
  ListJobsQuerySchema,
  listSchema,
  QueueStatsSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, withProblems } from '../../http/openapi.js';
import type { JobsService } from './jobs-service.js';

const IdParams = z.object({ id: JobIdSchema });
const tags = ['jobs'];
/** What job results are: CSV (exports, import errors), JSON (reports), JSON Lines (exports), or other bytes. */
const JOB_RESULT_TYPES = ['text/csv', 'application/json', 'application/x-ndjson', 'application/octet-stream'];

/** `/v1/jobs` and `/v1/job-types` (admin): run background work by hand and watch it. */
export const jobsRoutes: FastifyPluginAsyncZod<{ jobs: JobsService }> = async (app, { jobs }) => {
  app.post(
    '/v1/jobs',
    {
      config: { permission: 'jobs:write' },
      schema: {
        operationId: 'jobs.create',
        tags,
        summary: 'Enqueue a job of any registered type',
        body: CreateJobRequestSchema,
        response: withProblems({ 200: JobSchema, 201: JobSchema }),
      },
    },
    async (request, reply) => {
      const { job, created } = await jobs.create(request.body);
      // An existing job with the same unique key is the answer, not a new one.
      return reply.status(created ? 201 : 200).send(job);
    },
  );

  app.post(
    '/v1/jobs/batch',
    {
      config: { permission: 'jobs:write' },
      schema: {
        operationId: 'jobs.createBatch',
        tags,
        summary: 'Enqueue up to 1,000 jobs in one transaction (all or none), each result reported in order',
        body: CreateJobsBatchRequestSchema,
        response: withProblems({ 201: JobsBatchSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await jobs.createMany(request.body.jobs)),
  );

  app.get(
    '/v1/jobs',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'jobs.list',
        tags,
        summary: 'List jobs',
        querystring: ListJobsQuerySchema,
        response: withProblems({ 200: listSchema(JobSchema) }),
      },
    },
    async (request) => jobs.list(request.query),
  );

  app.get(
    '/v1/jobs/:id',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'jobs.get',
        tags,
        summary: 'Get a job; `wait` long-polls up to 60 s until it has finished',
        params: IdParams,
        querystring: GetJobQuerySchema,
        response: withProblems({ 200: JobSchema }),
      },
    },
    async (request) => {
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      return jobs.get(request.params.id, request.query.wait ?? 0, gone.signal);
    },
  );

  app.get(
    '/v1/jobs/:id/result',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'jobs.downloadResult',
        tags,
        summary: 'Download the file a job produced (report, export, import report, backup)',
        params: IdParams,
        response: withProblems({
          200: fileResponse(
            'The file, as `Content-Disposition: attachment`, with `X-Content-SHA256`',
            JOB_RESULT_TYPES,
          ),
        }),
      },
    },
    async (request, reply) => {
      const { file, stream, size } = await jobs.resultFile(request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', size)
        .header('content-disposition', `attachment; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`)
        .header('x-content-sha256', file.sha256)
        .send(stream as never);
    },
  );

  app.post(
    '/v1/jobs/:id/cancel',
    {
      config: { permission: 'jobs:write' },
      schema: {
        operationId: 'jobs.cancel',
        tags,
        summary: 'Cancel a pending job, or ask a running one to stop',
        params: IdParams,
        response: withProblems({ 200: JobSchema }),
      },
    },
    async (request) => jobs.cancel(request.params.id),
  );

  app.post(
    '/v1/jobs/:id/retry',
    {
      config: { permission: 'jobs:write' },
      schema: {
        operationId: 'jobs.retry',
        tags,
        summary: 'Run a dead or cancelled job again',
        params: IdParams,
        response: withProblems({ 200: JobSchema }),
      },
    },
    async (request) => jobs.retry(request.params.id),
  );

  app.get(
    '/v1/queues',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'queues.list',
        tags,
        summary: 'Each queue with its pending, running and dead jobs and last-minute throughput',
        response: withProblems({ 200: listSchema(QueueStatsSchema) }),
      },
    },
    async () => ({ object: 'list' as const, data: await jobs.queues(new Date()), has_more: false }),
  );

  app.get(
    '/v1/job-types',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'jobTypes.list',
        tags,
        summary: 'Every job type with its params JSON Schema',
        response: withProblems({ 200: listSchema(JobTypeSchema) }),
      },
    },
    async () => ({ object: 'list' as const, data: jobs.types(), has_more: false }),
  );
};
