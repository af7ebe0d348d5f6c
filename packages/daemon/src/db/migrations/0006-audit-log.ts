import type { Migration } from '../migration-types.js';

/** The audit log of admin actions: append-only from the API. */
export const migration0006AuditLog: Migration = {
  name: '0006-audit-log',
  async up(db, types) {
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_kind', 'text', (col) => col.notNull())
      .addColumn('actor_role', 'text')
      .addColumn('target_id', 'text')
      .addColumn('method', 'text')
      .addColumn('path', 'text')
      .addColumn('status', 'integer')
      .addColumn('details', 'text', (col) => col.notNull())
      .addColumn('ip', 'text')
      .addColumn('request_id', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
    await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  },
};
