import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError } from '../core/app-error.js';
import { isStorageFull } from '../db/database-errors.js';
import type { DatabaseHandle } from '../db/database-types.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import { addressesRoutes } from '../modules/addresses/addresses-routes.js';
import { apiKeysRoutes } from '../modules/api-keys/api-keys-routes.js';
import { auditRoutes } from '../modules/audit/audit-routes.js';
import { authRoutes } from '../modules/auth/auth-routes.js';
import { backupsRoutes } from '../modules/backups/backups-routes.js';
import { cartsRoutes, mergeGuestCartsOnSignIn } from '../modules/carts/carts-routes.js';
import { collectionsRoutes } from '../modules/collections/collections-routes.js';
import { eventsRoutes } from '../modules/events/events-routes.js';
import { jobsRoutes } from '../modules/jobs/jobs-routes.js';
import { mediaRoutes } from '../modules/media/media-routes.js';
import { ordersRoutes } from '../modules/orders/orders-routes.js';
import { paymentsRoutes } from '../modules/payments/payments-routes.js';
import { stripeWebhookRoutes } from '../modules/payments/stripe-webhook-routes.js';
import { productsRoutes } from '../modules/products/products-routes.js';
import { variantsRoutes } from '../modules/products/variants-routes.js';
import { promotionsRoutes } from '../modules/promotions/promotions-routes.js';
import { regionsRoutes } from '../modules/regions/regions-routes.js';
import { schedulesRoutes } from '../modules/schedules/schedules-routes.js';
import { shippingMethodsRoutes } from '../modules/shipping/shipping-methods-routes.js';
import { systemRoutes } from '../modules/system/system-routes.js';
import { taxRatesRoutes } from '../modules/tax/tax-rates-routes.js';
import { uploadsRoutes } from '../modules/uploads/uploads-routes.js';
import { usersRoutes } from '../modules/users/users-routes.js';
import { webhooksRoutes } from '../modules/webhooks/webhooks-routes.js';
import type { Services } from '../services.js';
import { registerAuthentication } from './auth/authentication-hook.js';
import { handleError, problemBody } from './errors/problem-handler.js';
import { registerOpenApi } from './openapi.js';
import { registerAuditTrail } from './plugins/audit-trail.js';
import { registerCrossSiteDefences } from './plugins/cross-site-defences.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerHttpMetrics, registerMetricsRoute } from './plugins/metrics-endpoint.js';
import { registerQueryDeadlines } from './plugins/query-deadlines.js';
import { registerRateLimits } from './plugins/rate-limits.js';
import { registerWebSecurity, securityHeaders } from './plugins/web-security.js';
import { registerWellFormedText } from './plugins/well-formed-text.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { RequestLogController } from './request-log-controller.js';
import { serializerFromZod } from './response-serializer.js';
import { createRouteTable } from './route-table.js';

export interface HttpAppDeps {
  config: Config;
  logger: Logger;
  services: Services;
  database: DatabaseHandle;
  clock: Clock;
  /** Cluster: the shared rate-limit store. */
  rateLimitRedis?: Redis | undefined;
  /** Worker and scheduler nodes serve only health and readiness. */
  healthOnly?: boolean;
}

const SECURITY_HEADERS = securityHeaders();

/**
 * A router error (a malformed path, an overlong segment) comes before any hook has run: it gets the request ID and
 * security headers those hooks give every other answer, then the usual problem+json.
 */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.headers(SECURITY_HEADERS).header(REQUEST_ID_HEADER, request.id);
  return handleError(error, request, reply);
}

/**
 * Builds the Fastify app with every plugin and route, not yet listening. Tests call `inject()` on
 * it directly; `serve` calls `listen()`. Order matters: request IDs, then authentication and RBAC,
 * then rate limits (which key on the principal), idempotency, then the routes.
 */
export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { config, services } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => requestIdFor(req.headers),
    logController: new RequestLogController(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // The router's errors (a malformed path, an overlong segment) bypass the error handler unless routed here.
    frameworkErrors: answerRouterError,
    // Raw HTTP parse errors (oversized headers, garbage) never reach routing: answer them as problem+json too.
    clientErrorHandler: (error, socket) => {
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify(problemBody(tooLarge ? 'header_too_large' : 'bad_request', undefined));
      const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerFromZod);
  app.setErrorHandler(handleError);
  // A write lost to a full disk puts readiness on "not ready" until a write succeeds again.
  app.addHook('onError', async (_request, _reply, error) => {
    if (isStorageFull(error)) deps.database.storage.noteFull();
  });
  const routeTable = createRouteTable(app);
  app.decorate('routeTable', routeTable);
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = routeTable.allowedMethods(path);
    if (allowed.length > 0)
      throw new AppError('method_not_allowed', { headers: { allow: allowed.join(', ') } });
    throw new AppError('not_found', { detail: `No route for ${request.method} ${path}.` });
  });
  // Hooks with nothing to wait for are written callback style: an async hook costs every request a promise and a
  // microtask turn (ADR-063).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  // Only where a deadline can apply: its scope costs every promise of every request (ADR-056).
  if (deps.database.capabilities.needsQueryDeadlines) registerQueryDeadlines(app, config);
  registerHttpMetrics(app, services.metrics);
  await registerWebSecurity(app, config);
  registerCrossSiteDefences(app, config);
  registerAuthentication(app, services);
  registerWellFormedText(app);
  await registerRateLimits(app, config, deps.rateLimitRedis);
  registerIdempotency(app, { db: deps.database.db, clock: deps.clock });
  registerAuditTrail(app, services.audit);
  await registerOpenApi(app);
  await app.register(systemRoutes, { system: services.system });
  registerMetricsRoute(app, services.metrics, config);
  if (deps.healthOnly) return app;
  await app.register(authRoutes, {
    auth: services.auth,
    config,
    onSignIn: mergeGuestCartsOnSignIn(services.carts, config),
  });
  await app.register(usersRoutes, { users: services.users });
  await app.register(addressesRoutes, { addresses: services.addresses });
  await app.register(apiKeysRoutes, { apiKeys: services.apiKeys });
  await app.register(productsRoutes, { products: services.products });
  await app.register(variantsRoutes, { variants: services.variants });
  await app.register(collectionsRoutes, { collections: services.collections });
  await app.register(regionsRoutes, { regions: services.regions });
  await app.register(taxRatesRoutes, { taxRates: services.taxRates });
  await app.register(shippingMethodsRoutes, { shippingMethods: services.shippingMethods });
  await app.register(promotionsRoutes, { promotions: services.promotions });
  await app.register(mediaRoutes, { media: services.media, maxBytes: config.mediaMaxBytes });
  await app.register(cartsRoutes, { carts: services.carts, config });
  await app.register(ordersRoutes, { orders: services.orders, payments: services.payments });
  await app.register(paymentsRoutes, { payments: services.payments });
  await app.register(stripeWebhookRoutes, { payments: services.payments, config, clock: deps.clock });
  await app.register(eventsRoutes, {
    events: services.events,
    stream: services.eventStream,
    keepAliveMs: config.sseKeepAliveSeconds * 1000,
  });
  await app.register(jobsRoutes, { jobs: services.jobs });
  await app.register(schedulesRoutes, { schedules: services.schedules });
  await app.register(webhooksRoutes, { webhooks: services.webhooks });
  await app.register(backupsRoutes, { backups: services.backups });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(uploadsRoutes, { uploads: services.uploads, limit: config.uploadLimit });
  return app;
}
