import { EventSchema, idSchema, ListEventsQuerySchema, listSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { EventsService } from './events-service.js';

const tags = ['events'];

/** `/v1/events`: the domain event log (admin). */
export const eventsRoutes: FastifyPluginAsyncZod<{ events: EventsService }> = async (app, { events }) => {
  app.get(
    '/v1/events',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'List domain events, oldest first',
        querystring: ListEventsQuerySchema,
        response: withProblems({ 200: listSchema(EventSchema) }),
      },
    },
    async (request) => events.list(request.query),
  );
  app.get(
    '/v1/events/:id',
    {
      config: { permission: 'events:read' },
      schema: {
        tags,
        summary: 'Get an event',
        params: z.object({ id: idSchema('evt') }),
        response: withProblems({ 200: EventSchema }),
      },
    },
    async (request) => events.get(request.params.id),
  );
};
