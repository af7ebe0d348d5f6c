import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { ProblemSchema } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DAEMON_VERSION } from '../version.js';

/** The response schema of a 204. */
export const NoContent = z.null().describe('No content');

/** Error responses every route may give, documented once: problem+json with a stable `code`. */
const PROBLEM_RESPONSES = {
  '4XX': ProblemSchema.describe('Client error (problem+json); see `code`'),
  '5XX': ProblemSchema.describe('Server error (problem+json); see `code`'),
} as const;

/** A route's success responses plus the shared problem responses, for its OpenAPI entry. */
export function withProblems<T extends Record<number, unknown>>(responses: T) {
  return { ...responses, ...PROBLEM_RESPONSES };
}

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
  app.get('/openapi.json', { config: { permission: 'system:read' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
