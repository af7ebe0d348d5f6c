import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
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
    // Storefronts on another origin send guest cart and order tokens as headers too.
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'X-Request-Id',
      'X-Cart-Id',
      'X-Cart-Token',
      'X-Order-Token',
    ],
    exposedHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
  });
  const headers = securityHeaders();
  // Callback style: nothing to wait for (ADR-063).
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/**
 * helmet's headers for our policy, computed once. helmet (like @fastify/helmet around it) rebuilds
 * its middlewares on every request; our policy never varies per request, so the result is a constant
 * map set by one hook.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  middleware({} as never, response as never, () => {});
  return headers;
}
