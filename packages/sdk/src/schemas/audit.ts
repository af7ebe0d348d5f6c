import { z } from 'zod';
import { idSchema, PageQuerySchema, TimestampSchema } from './common.js';

/**
 * One recorded admin action (`GET /v1/audit-log`): who did what to which resource, when, from where, under which
 * request ID. Written by the daemon after each successful change; the API offers no way to edit or delete entries.
 */
export const AuditEntrySchema = z
  .object({
    id: idSchema('aud'),
    object: z.literal('audit_entry'),
    action: z
      .string()
      .describe('e.g. "users.update", "payments.refund", "api_keys.create", "schedules.delete", "restore"'),
    actorId: z.string().nullable().describe('User or API key that acted; null for offline commands'),
    actorKind: z.enum(['user', 'api_key', 'system']),
    actorRole: z.string().nullable(),
    targetId: z.string().nullable().describe('The resource acted on, when the route names one'),
    method: z.string().nullable(),
    path: z.string().nullable(),
    status: z.number().int().nullable().describe('HTTP status of the answer'),
    details: z.record(z.string(), z.unknown()).describe('The request body, secrets removed'),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const ListAuditLogQuerySchema = PageQuerySchema.extend({
  action: z.string().max(100).optional(),
  actorId: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
}).strict();
export type ListAuditLogQuery = z.input<typeof ListAuditLogQuerySchema>;
