import { HealthSchema, MetaSchema, ReadinessSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withProblems } from '../../http/openapi.js';
import type { SystemService } from './system-service.js';

/** `/healthz`, `/readyz` (unversioned, for load balancers) and `/v1/meta`. */
export const systemRoutes: FastifyPluginAsyncZod<{ system: SystemService }> = async (app, { system }) => {
  app.get(
    '/healthz',
    {
      config: { permission: 'system:read', rateLimit: false },
      schema: {
        operationId: 'system.health',
        tags: ['system'],
        summary: 'Liveness',
        response: withProblems({ 200: HealthSchema }),
      },
    },
    async () => system.health(),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'system:read', rateLimit: false },
      schema: {
        operationId: 'system.readiness',
        tags: ['system'],
        summary: 'Readiness: 200 when the database answers, 503 otherwise',
        response: { 200: ReadinessSchema, 503: ReadinessSchema, ...withProblems({}) },
      },
    },
    async (_request, reply) => {
      const readiness = await system.readiness();
      if (readiness.status !== 'ready') reply.status(503).header('retry-after', '5');
      return readiness;
    },
  );

  app.get(
    '/v1/meta',
    {
      config: { permission: 'system:read' },
      schema: {
        operationId: 'system.meta',
        tags: ['system'],
        summary: 'Version, mode and API version',
        response: withProblems({ 200: MetaSchema }),
      },
    },
    async () => system.meta(),
  );
};
