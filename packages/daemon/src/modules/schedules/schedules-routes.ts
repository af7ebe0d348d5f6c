import {
  CreateScheduleRequestSchema,
  JobSchema,
  listSchema,
  PageQuerySchema,
  ScheduleRefSchema,
  ScheduleSchema,
  UpdateScheduleRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NoContent, withProblems } from '../../http/openapi.js';
import type { SchedulesService } from './schedules-service.js';

const RefParams = z.object({ id: ScheduleRefSchema });
const tags = ['schedules'];

/** `/v1/schedules` (admin): cron and interval schedules that enqueue jobs; `:id` is the ID or the name. */
export const schedulesRoutes: FastifyPluginAsyncZod<{ schedules: SchedulesService }> = async (
  app,
  { schedules },
) => {
  app.post(
    '/v1/schedules',
    {
      config: { permission: 'schedules:write' },
      schema: {
        operationId: 'schedules.create',
        tags,
        summary: 'Create a schedule',
        body: CreateScheduleRequestSchema,
        response: withProblems({ 201: ScheduleSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await schedules.create(request.body)),
  );

  app.get(
    '/v1/schedules',
    {
      config: { permission: 'schedules:read' },
      schema: {
        operationId: 'schedules.list',
        tags,
        summary: 'List schedules, built-in ones included',
        querystring: PageQuerySchema.strict(),
        response: withProblems({ 200: listSchema(ScheduleSchema) }),
      },
    },
    async (request) => schedules.list(request.query),
  );

  app.get(
    '/v1/schedules/:id',
    {
      config: { permission: 'schedules:read' },
      schema: {
        operationId: 'schedules.get',
        tags,
        summary: 'Get a schedule by ID or name',
        params: RefParams,
        response: withProblems({ 200: ScheduleSchema }),
      },
    },
    async (request) => schedules.get(request.params.id),
  );

  app.patch(
    '/v1/schedules/:id',
    {
      config: { permission: 'schedules:write' },
      schema: {
        operationId: 'schedules.update',
        tags,
        summary: 'Change a schedule (timing, job, params, policy, paused)',
        params: RefParams,
        body: UpdateScheduleRequestSchema,
        response: withProblems({ 200: ScheduleSchema }),
      },
    },
    async (request) => schedules.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/schedules/:id',
    {
      config: { permission: 'schedules:write' },
      schema: {
        operationId: 'schedules.delete',
        tags,
        summary: 'Delete a schedule (built-in ones can only be paused)',
        params: RefParams,
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await schedules.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/v1/schedules/:id/${action}`,
      {
        config: { permission: 'schedules:write' },
        schema: {
          operationId: `schedules.${action}`,
          tags,
          summary: paused ? 'Pause a schedule: its ticks stop firing' : 'Resume a paused schedule',
          params: RefParams,
          response: withProblems({ 200: ScheduleSchema }),
        },
      },
      async (request) => schedules.setPaused(request.params.id, paused),
    );
  }

  app.post(
    '/v1/schedules/:id/trigger',
    {
      config: { permission: 'schedules:write' },
      schema: {
        operationId: 'schedules.trigger',
        tags,
        summary: "Enqueue the schedule's job now, outside its ticks",
        params: RefParams,
        response: withProblems({ 201: JobSchema }),
      },
    },
    async (request, reply) => reply.status(201).send(await schedules.trigger(request.params.id)),
  );
};
