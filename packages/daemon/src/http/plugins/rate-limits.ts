import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

const AUTH_BUDGETS = new WeakSet<object>();

/** Whether a route's answers carry `RateLimit-*` headers: the global limit's routes, and those on the auth budget. */
export function sendsRateLimitHeaders(route: { config?: unknown; onRequest?: unknown }): boolean {
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false) return true;
  return [route.onRequest].flat().some((hook) => typeof hook === 'function' && AUTH_BUDGETS.has(hook));
}

/**
 * One budget per client IP shared by every unauthenticated auth endpoint (register, login, refresh, password reset
 * request and confirm, setup): `authRateLimitMax` per minute in all, not per route, so an attacker cannot multiply
 * the allowance by spreading guesses over routes. In memory per node on a single node; in the same Redis store as
 * the global limit in a cluster. Use the returned hook as the route's `onRequest` with `config.rateLimit: false`
 * (the per-route limits of @fastify/rate-limit keep one counter per route).
 */
export function createAuthBudget(app: FastifyInstance, config: Pick<Config, 'authRateLimitMax'>) {
  const limit = app.createRateLimit({
    max: config.authRateLimitMax,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `auth-ip:${request.ip}`,
  });
  const budget = async function authBudget(request: FastifyRequest, reply: FastifyReply) {
    const outcome = await limit(request);
    // `isAllowed` means "on the allow list" (none is configured); the count decides through `isExceeded`.
    if (outcome.isAllowed) return;
    reply.header('ratelimit-limit', outcome.max);
    reply.header('ratelimit-remaining', outcome.remaining);
    reply.header('ratelimit-reset', outcome.ttlInSeconds);
    if (!outcome.isExceeded) return;
    reply.header('retry-after', outcome.ttlInSeconds);
    throw new AppError('rate_limited', {
      detail: `Too many sign-in attempts from this address: ${outcome.max} per minute across the auth endpoints; retry in ${outcome.ttlInSeconds} s.`,
    });
  };
  AUTH_BUDGETS.add(budget);
  return budget;
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
