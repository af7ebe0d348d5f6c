import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { ProblemSchema } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { DAEMON_VERSION } from '../version.js';

/** Response schemas every route shares: problem+json for client and server faults. */
export const PROBLEM_RESPONSES = {
  400: ProblemSchema.describe('Bad request (problem+json)'),
  422: ProblemSchema.describe('Validation failed (problem+json)'),
  500: ProblemSchema.describe('Internal error (problem+json)'),
} as const;

/**
 * OpenAPI 3.1, generated from the routes' zod schemas (the SDK's), served at `/openapi.json`,
 * with a browsable reference at `/docs`. Registered before any route so every route is captured.
 */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tillpoint API',
        version: DAEMON_VERSION,
        description: 'Self-hostable commerce backend. Errors are RFC 9457 problem+json with a stable `code`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Access token (JWT) or API key (tp_…)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
