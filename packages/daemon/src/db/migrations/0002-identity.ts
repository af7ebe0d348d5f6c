import type { Migration } from '../migration-types.js';

/** Accounts, sessions (refresh-token families), refresh tokens, API keys and password resets. */
export const migration0002Identity: Migration = {
  name: '0002-identity',
  async up(db, types) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('email', 'text', (col) => col.notNull().unique())
      .addColumn('name', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('disabled_at', types.timestamp)
      .addColumn('deleted_at', types.timestamp)
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('users_role_idx').on('users').column('role').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp, (col) => col.notNull())
      .addColumn('revoked_at', types.timestamp)
      .addColumn('revoked_reason', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp, (col) => col.notNull())
      .addColumn('rotated_at', types.timestamp)
      .execute();
    await db.schema
      .createIndex('refresh_tokens_session_idx')
      .on('refresh_tokens')
      .column('session_id')
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('owner_id', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('prefix', 'text', (col) => col.notNull())
      .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp)
      .addColumn('last_used_at', types.timestamp)
      .addColumn('revoked_at', types.timestamp)
      .execute();
    await db.schema.createIndex('api_keys_owner_idx').on('api_keys').column('owner_id').execute();

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp, (col) => col.notNull())
      .addColumn('used_at', types.timestamp)
      .execute();
  },
};
