import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import type { Metrics } from '../../infra/metrics.js';
import { safeEqual } from '../../infra/secrets.js';

/**
 * Counts every answered request by route pattern and status, and times it. Runs for every route (404s are counted
 * as route "unmatched"), after the response is sent.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics) {
  // Callback style: nothing to wait for (ADR-063).
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * `GET /metrics` on the API port, for requests bearing `metricsToken`. Without a token configured the route answers
 * 404: metrics name routes, queues and volumes, which is nobody's business by default.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: Metrics,
  config: Pick<Config, 'metricsToken'>,
) {
  app.get(
    '/metrics',
    { config: { permission: 'system:read', ownCredentials: true, rateLimit: false }, schema: { hide: true } },
    async (request, reply) => {
      const token = config.metricsToken;
      if (!token) {
        throw new AppError('not_found', {
          detail:
            'Metrics are off: set metricsToken (served here with a bearer token) or metricsPort (a separate port).',
        });
      }
      const sent = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      if (!safeEqual(sent, token))
        throw new AppError('unauthenticated', {
          detail: 'Send the metrics token as `Authorization: Bearer …`.',
        });
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    },
  );
}

/** The separate metrics listener (`metricsPort`): only `GET /metrics`, no token, on `host`. */
export async function startMetricsServer(metrics: Metrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
