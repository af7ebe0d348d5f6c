import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/app-error.js';

/** Where the browsable API reference lives. */
export const API_REFERENCE_PREFIX = '/docs';

/** Headers that describe one hop of a connection, not the resource: never copied between the two instances. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'date',
  'upgrade',
]);

function endToEnd(headers: Record<string, unknown>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return kept;
}

/**
 * A Fastify instance that only serves Swagger UI for the main app's OpenAPI document. It never listens: the main
 * app hands it requests in memory.
 */
async function buildReferenceUi(app: FastifyInstance): Promise<FastifyInstance> {
  const [{ default: fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const ui = fastify({ logger: false });
  await ui.register(swagger, { mode: 'static', specification: { document: app.swagger() as never } });
  await ui.register(swaggerUi, { routePrefix: API_REFERENCE_PREFIX, staticCSP: true });
  await ui.ready();
  return ui;
}

/**
 * The API reference UI at `/docs` (Swagger UI over `/openapi.json`), loaded on its first visit.
 *
 * Why: Swagger UI and the static-file server under it were about a sixth of the daemon's start-up time and a few
 * MB of its idle memory, for a page an operator opens now and then. So the daemon registers two plain routes here,
 * and the first request under `/docs` imports `@fastify/swagger-ui` into its own, never-listening Fastify instance;
 * every request is answered by that instance through `inject`, its headers (its own content security policy
 * among them) and body copied onto the real reply. A path the UI does not know gets the daemon's own 404 problem.
 */
export function registerApiReferenceUi(app: FastifyInstance) {
  let loading: Promise<FastifyInstance> | undefined;
  const referenceUi = () => {
    loading ??= buildReferenceUi(app).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const ui = await referenceUi();
    const answer = await ui.inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: endToEnd(request.headers),
    });
    if (answer.statusCode === 404)
      throw new AppError('not_found', { detail: `The API reference has no page at ${request.url}.` });
    return reply.code(answer.statusCode).headers(endToEnd(answer.headers)).send(answer.rawPayload);
  };
  for (const url of [API_REFERENCE_PREFIX, `${API_REFERENCE_PREFIX}/*`])
    app.route({
      method: 'GET',
      url,
      handler: forward,
      schema: { hide: true },
      config: { permission: 'system:read' },
    });
}
