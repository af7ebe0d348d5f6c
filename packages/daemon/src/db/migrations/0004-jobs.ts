import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';

/** The durable job queue, in the primary database so a job commits with the change that caused it. */
export const migration0004Jobs: Migration = {
  name: '0004-jobs',
  async up(db, types) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('queue', 'text', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('params', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('priority', 'integer', (col) => col.notNull())
      .addColumn('run_at', types.timestamp, (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('max_attempts', 'integer', (col) => col.notNull())
      .addColumn('unique_key', 'text')
      .addColumn('timeout_ms', 'integer', (col) => col.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', types.timestamp)
      .addColumn('progress', 'integer', (col) => col.notNull())
      .addColumn('progress_message', 'text')
      .addColumn('result', 'text')
      .addColumn('last_error', 'text')
      .addColumn('cancel_requested', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addColumn('started_at', types.timestamp)
      .addColumn('finished_at', types.timestamp)
      .execute();
    // The claim query's path: ready jobs of a queue, best first.
    await db.schema
      .createIndex('jobs_claim_idx')
      .on('jobs')
      .columns(['queue', 'status', 'priority', 'run_at'])
      .execute();
    await db.schema
      .createIndex('jobs_lease_idx')
      .on('jobs')
      .columns(['status', 'lease_expires_at'])
      .execute();
    // A unique key dedupes only while a job with it is waiting or running.
    await db.schema
      .createIndex('jobs_unique_key_idx')
      .on('jobs')
      .column('unique_key')
      .unique()
      .where(sql.ref('status'), 'in', ['pending', 'running'])
      .execute();
  },
};
