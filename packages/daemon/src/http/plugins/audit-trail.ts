import type { FastifyInstance } from 'fastify';
import { type AuditService, actionOf } from '../../modules/audit/audit-service.js';

/**
 * Records every successful change made by an admin (and every API key creation, whoever makes it) in the audit log,
 * after the answer is sent: who (principal), what (action, target, redacted body), when, from where (IP) and the
 * request ID. Sign-in routes are not admin actions and are left out.
 */
export function registerAuditTrail(app: FastifyInstance, audit: AuditService) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (reply.statusCode < 200 || reply.statusCode >= 300 || route.startsWith('/v1/auth/')) return;
    const principal = request.principal;
    const alwaysAudited = route === '/v1/api-keys';
    if (principal?.role !== 'admin' && !alwaysAudited) return;
    const params = request.params as { id?: string } | undefined;
    await audit
      .record({
        action: actionOf(request.method, route),
        principal,
        targetId: params?.id ?? null,
        method: request.method,
        path: route,
        status: reply.statusCode,
        details:
          request.body && typeof request.body === 'object' && !('pipe' in request.body) ? request.body : {},
        ip: request.ip,
        requestId: request.id,
      })
      .catch((error: unknown) => request.log.error({ err: error }, 'audit entry could not be written'));
  });
}
