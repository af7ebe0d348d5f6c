import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

/**
 * Cookies, CORS and security headers. CORS allows only the configured origins, with credentials,
 * and answers `Vary: Origin`; `*` is refused by the config schema because cookies carry sessions.
 * The API serves JSON only, so the content security policy forbids everything; the `/docs` UI sets its own.
 */
export async function registerWebSecurity(app: FastifyInstance, config: Pick<Config, 'corsOrigins'>) {
  await app.register(fastifyCookie);
  const origins = config.corsOrigins
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  await app.register(fastifyCors, {
    origin: origins.length > 0 ? origins : false,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
