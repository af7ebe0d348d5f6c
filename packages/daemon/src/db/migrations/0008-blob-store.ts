import type { Migration } from '../migration-types.js';

/**
 * The tables of the `postgres` blob store (`infra/blobs/postgres-blob-store.ts`): every write is an object
 * whose bytes are chunk rows; `blobs` names the one complete object each key shows. The tables exist on SQLite too
 * (one schema for both dialects) but stay empty there: a single node keeps blobs as files.
 */
export const migration0008BlobStore: Migration = {
  name: '0008-blob-store',
  async up(db, types) {
    await db.schema
      .createTable('blob_objects')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('size', types.bigint)
      .addColumn('sha256', 'text')
      .addColumn('chunk_size', 'integer', (col) => col.notNull())
      .addColumn('started_at', types.timestamp, (col) => col.notNull())
      .addColumn('completed_at', types.timestamp)
      .execute();
    await db.schema.createIndex('blob_objects_key_idx').on('blob_objects').column('key').execute();

    await db.schema
      .createTable('blob_chunks')
      .addColumn('object_id', 'text', (col) => col.notNull().references('blob_objects.id'))
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('data', types.binary, (col) => col.notNull())
      .addPrimaryKeyConstraint('blob_chunks_pk', ['object_id', 'seq'])
      .execute();

    await db.schema
      .createTable('blobs')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('object_id', 'text', (col) => col.notNull().references('blob_objects.id'))
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('blobs_object_idx').on('blobs').column('object_id').execute();
  },
};
