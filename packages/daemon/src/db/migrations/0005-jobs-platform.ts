import type { Migration } from '../migration-types.js';

/** Schedules, outbound webhooks and job result files: the rest of the jobs platform. */
export const migration0005JobsPlatform: Migration = {
  name: '0005-jobs-platform',
  async up(db, types) {
    await db.schema.alterTable('jobs').addColumn('result_file', 'text').execute();

    await db.schema
      .createTable('schedules')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('cron', 'text')
      .addColumn('interval_seconds', 'integer')
      .addColumn('timezone', 'text', (col) => col.notNull())
      .addColumn('job_type', 'text', (col) => col.notNull())
      .addColumn('params', 'text', (col) => col.notNull())
      .addColumn('missed_ticks', 'text', (col) => col.notNull())
      .addColumn('paused', types.boolean, (col) => col.notNull())
      .addColumn('builtin', types.boolean, (col) => col.notNull())
      // Compare-and-set target: a tick enqueues only if it moves this forward, so one tick fires once cluster-wide.
      .addColumn('last_tick_at', types.timestamp)
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('url', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('event_types', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('disabled_reason', 'text')
      .addColumn('failing_since', types.timestamp)
      // Signing secrets must be usable to sign, so they cannot be hashed; they are sealed with the daemon's key.
      .addColumn('secret_sealed', 'text', (col) => col.notNull())
      .addColumn('previous_secret_sealed', 'text')
      .addColumn('previous_secret_expires_at', types.timestamp)
      .addColumn('secret_rotated_at', types.timestamp)
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('endpoint_id', 'text', (col) =>
        col.notNull().references('webhook_endpoints.id').onDelete('cascade'),
      )
      .addColumn('event_id', 'text', (col) => col.notNull().references('events.id'))
      .addColumn('event_type', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('latency_ms', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('error', 'text')
      .addColumn('last_attempt_at', types.timestamp)
      .addColumn('next_attempt_at', types.timestamp)
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_endpoint_idx')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'id'])
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_event_idx')
      .on('webhook_deliveries')
      .column('event_id')
      .execute();
  },
};
