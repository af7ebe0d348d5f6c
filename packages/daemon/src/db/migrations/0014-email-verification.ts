import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';

/**
 * Email verification: `users.email_verified_at`, and one-time verification tokens stored as hashes like password
 * reset tokens. Accounts that exist before this migration were made when no address was checked; they count as
 * verified from their creation, so turning on `requireVerifiedEmail` does not lock existing customers out.
 */
export const migration0014EmailVerification: Migration = {
  name: '0014-email-verification',
  async up(db, types) {
    await db.schema.alterTable('users').addColumn('email_verified_at', types.timestamp).execute();
    await sql`update users set email_verified_at = created_at where deleted_at is null`.execute(db);
    await db.schema
      .createTable('email_verifications')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp, (col) => col.notNull())
      .addColumn('used_at', types.timestamp)
      .execute();
    await db.schema
      .createIndex('email_verifications_user_idx')
      .on('email_verifications')
      .column('user_id')
      .execute();
  },
};
