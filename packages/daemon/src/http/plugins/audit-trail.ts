import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type CommitScope, commitWork } from '../../db/commit-work.js';
import { type AuditDraft, type AuditService, actionOf } from '../../modules/audit/audit-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The audit entry attached to this request's change, and its scope, when the request is audited. */
    audit?: { entryId: string | null; scope: CommitScope; pendingWhenAnswered?: boolean };
  }
}

/** A change made by an admin, or any API key creation; sign-in routes are not admin actions. */
function isAudited(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (!route || ['GET', 'HEAD', 'OPTIONS'].includes(request.method) || route.startsWith('/v1/auth/'))
    return false;
  return request.principal?.role === 'admin' || route === '/v1/api-keys';
}

function draftOf(request: FastifyRequest, status: number | null): AuditDraft {
  const route = request.routeOptions.url!;
  const params = request.params as { id?: string } | undefined;
  return {
    action: actionOf(request.method, route),
    principal: request.principal ?? null,
    targetId: params?.id ?? null,
    method: request.method,
    path: route,
    status,
    details:
      request.body && typeof request.body === 'object' && !('pipe' in request.body) ? request.body : {},
    ip: request.ip,
    requestId: request.id,
  };
}

/**
 * The audit log: who (principal), what (action, target, redacted body), when, from where (IP) and the request ID.
 * The entry is written inside the transaction of the change it records (`db/commit-work.ts`), so no crash can keep
 * one without the other; its status is filled in once the answer is sent. A change that commits without a
 * transaction of its own (a lone statement on PostgreSQL) is recorded after a successful answer, as before.
 */
export function registerAuditTrail(app: FastifyInstance, audit: AuditService) {
  // Callback style: the handler runs inside the scope only when `done` is called from within it.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!isAudited(request)) return done();
    commitWork.scope((scope) => {
      request.audit = { entryId: audit.attachToChange(draftOf(request, null)), scope };
      done();
    });
  });
  // The answer is produced after the request's changes have committed: the scope ends here, even when the client
  // has gone and no onResponse follows (an open scope keeps Node's promise tracking on, ADR-056).
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.audit && request.audit.pendingWhenAnswered === undefined) {
      request.audit.pendingWhenAnswered = request.audit.scope.pending;
      request.audit.scope.close();
    }
    done(null, payload);
  });
  // Callback style, so the reads and other requests that are not audited pay no promise (ADR-063).
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.audit) return done();
    const { entryId, scope } = request.audit;
    const pending = request.audit.pendingWhenAnswered ?? scope.pending;
    scope.close();
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const settle =
      entryId !== null && !pending
        ? audit.settleStatus(entryId, reply.statusCode)
        : ok
          ? audit.record(draftOf(request, reply.statusCode))
          : Promise.resolve();
    settle
      .catch((error: unknown) => request.log.error({ err: error }, 'audit entry could not be written'))
      .then(() => done());
  });
}
