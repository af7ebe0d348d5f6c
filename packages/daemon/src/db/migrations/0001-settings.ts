import type { Migration } from '../migration-types.js';

/** Daemon-wide settings (instance ID, first-start facts). */
export const migration0001Settings: Migration = {
  name: '0001-settings',
  async up(db, types) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
  },
};
