import { AuditEntrySchema, ListAuditLogQuerySchema, listSchema } from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withProblems } from '../../http/openapi.js';
import type { AuditService } from './audit-service.js';

/** `GET /v1/audit-log` (admin): read-only; entries are written by the audit trail hook. */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/v1/audit-log',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'auditLog.list',
        tags: ['audit'],
        summary: 'Admin actions, newest first',
        querystring: ListAuditLogQuerySchema,
        response: withProblems({ 200: listSchema(AuditEntrySchema) }),
      },
    },
    async (request) => audit.list(request.query),
  );
};
