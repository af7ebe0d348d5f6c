import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';

/**
 * The customers' address book: `saved_addresses` (one row per address, the address in columns) and
 * `address_books` (one row per user who ever saved one: the count that the 50-address limit is checked against
 * by a guarded UPDATE, and the row every change locks first, so one user's changes run one after another on
 * PostgreSQL too). A partial unique index per default flag makes a second default shipping or billing address
 * impossible on both dialects.
 */
export const migration0012AddressBook: Migration = {
  name: '0012-address-book',
  async up(db, types) {
    await db.schema
      .createTable('address_books')
      .addColumn('user_id', 'text', (col) => col.primaryKey().references('users.id'))
      .addColumn('address_count', 'integer', (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('address_books_count_non_negative', sql`address_count >= 0`)
      .execute();
    await db.schema
      .createTable('saved_addresses')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('company', 'text')
      .addColumn('line1', 'text', (col) => col.notNull())
      .addColumn('line2', 'text')
      .addColumn('city', 'text', (col) => col.notNull())
      .addColumn('postal_code', 'text')
      .addColumn('subdivision', 'text')
      .addColumn('country_code', 'text', (col) => col.notNull())
      .addColumn('phone', 'text')
      .addColumn('is_default_shipping', types.boolean, (col) => col.notNull())
      .addColumn('is_default_billing', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('saved_addresses_user_idx')
      .on('saved_addresses')
      .columns(['user_id', 'id'])
      .execute();
    // A bare boolean column is a valid predicate on both dialects (SQLite: non-zero is true).
    await db.schema
      .createIndex('saved_addresses_default_shipping_unique')
      .on('saved_addresses')
      .column('user_id')
      .unique()
      .where(sql<boolean>`is_default_shipping`)
      .execute();
    await db.schema
      .createIndex('saved_addresses_default_billing_unique')
      .on('saved_addresses')
      .column('user_id')
      .unique()
      .where(sql<boolean>`is_default_billing`)
      .execute();
  },
};
