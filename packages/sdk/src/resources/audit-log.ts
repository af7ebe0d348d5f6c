import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { type AuditEntry, AuditEntrySchema, type ListAuditLogQuery } from '../schemas/audit.js';

/** Filters of `auditLog.list()` with `limit` typed as passed. */
export type AuditLogListParams = Omit<ListAuditLogQuery, 'limit'> & { limit?: number | undefined };

/** Admin actions, newest first (admin; read-only). */
export class AuditLogResource extends APIResource {
  /** `GET /v1/audit-log`: filter by `action`, `actorId` or `targetId`; `for await` walks every page. */
  list(query?: AuditLogListParams, options?: RequestOptions): PagePromise<AuditEntry> {
    return this.client.getAPIList('/v1/audit-log', query, options, AuditEntrySchema);
  }
}
