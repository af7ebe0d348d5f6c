import type { AuditEntry } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import type { AuditLogTable, Executor } from '../../db/database-types.js';

export type AuditRow = Selectable<AuditLogTable>;

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    object: 'audit_entry',
    action: row.action,
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    actorRole: row.actor_role,
    targetId: row.target_id,
    method: row.method,
    path: row.path,
    status: row.status,
    details: JSON.parse(row.details) as Record<string, unknown>,
    ip: row.ip,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

/**
 * Append and read. The one update fills in the answer's status of an entry written with its change, before the
 * answer was known (`status` null); there is deliberately no delete.
 */
export function auditRepository(db: Executor) {
  return {
    append: (row: AuditRow) => db.insertInto('audit_log').values(row).execute(),

    /** The append as a statement, to run inside another transaction (`db/commit-work.ts`). */
    appendStatement: (row: AuditRow) => db.insertInto('audit_log').values(row).compile(),

    settleStatus: (id: string, status: number) =>
      db.updateTable('audit_log').set({ status }).where('id', '=', id).where('status', 'is', null).execute(),

    async list(filters: {
      action?: string | undefined;
      actorId?: string | undefined;
      targetId?: string | undefined;
      limit: number;
      startingAfter?: string | undefined;
    }) {
      let query = db.selectFrom('audit_log').selectAll();
      if (filters.action) query = query.where('action', '=', filters.action);
      if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
      if (filters.targetId) query = query.where('target_id', '=', filters.targetId);
      if (filters.startingAfter) query = query.where('id', '<', filters.startingAfter);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },
  };
}
