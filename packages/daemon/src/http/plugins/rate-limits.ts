import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';

/** The rate-limit key: the user or API key when there is one, else the client IP. */
export function rateLimitKeyOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal.kind === 'user') return `user:${principal.userId}`;
  if (principal.kind === 'api_key') return `key:${principal.apiKeyId}`;
  return `ip:${request.ip}`;
}

/** Per-route override for the unauthenticated auth endpoints: a stricter limit per IP per minute. */
export function authRouteRateLimit(config: Pick<Config, 'authRateLimitMax'>) {
  return {
    max: config.authRateLimitMax,
    timeWindow: 60_000,
    groupId: 'auth',
    keyGenerator: (request: FastifyRequest) => `ip:${request.ip}`,
  };
}

/**
 * Limits every route per principal (default 1000 per hour) with IETF `RateLimit-*` headers and
 * 429 + `Retry-After` when exceeded. Runs after authentication, so the principal is known.
 * In memory on a single node; in Redis on a cluster.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  config: Pick<Config, 'rateLimitMax' | 'rateLimitWindowMs'>,
  redis?: Redis,
) {
  await app.register(fastifyRateLimit, {
    // Cluster: one count per principal across every node (the plugin's Redis store is one atomic Lua script).
    // While Redis is down requests pass (fail open) rather than fail: rate limits protect, they are not the product.
    ...(redis ? { redis, nameSpace: 'tp:rl:', skipOnError: true } : {}),
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: rateLimitKeyOf,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', {
        detail: `Rate limit of ${context.max} requests exceeded; retry in ${context.after}.`,
      }),
  });
}
