import type { ApiKey } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import type { ApiKeysTable, Database } from '../../db/database-types.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface ApiKeyFilters {
  ownerId?: string | undefined;
  includeRevoked: boolean;
  limit: number;
  startingAfter?: string | undefined;
}

export function createApiKeysRepository(db: Database) {
  return {
    async insert(row: ApiKeyRow): Promise<void> {
      await db.insertInto('api_keys').values(row).execute();
    },

    findById: (id: string) => db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The key for a presented secret, with its owner's state (a disabled owner disables the key). */
    findBySecretHash: (secretHash: string) =>
      db
        .selectFrom('api_keys')
        .leftJoin('users', 'users.id', 'api_keys.owner_id')
        .selectAll('api_keys')
        .select([
          'users.disabled_at as owner_disabled_at',
          'users.deleted_at as owner_deleted_at',
          'users.role as owner_role',
        ])
        .where('api_keys.secret_hash', '=', secretHash)
        .executeTakeFirst(),

    async list(filters: ApiKeyFilters): Promise<{ rows: ApiKeyRow[]; hasMore: boolean }> {
      let query = db.selectFrom('api_keys').selectAll();
      if (filters.ownerId) query = query.where('owner_id', '=', filters.ownerId);
      if (!filters.includeRevoked) query = query.where('revoked_at', 'is', null);
      if (filters.startingAfter) query = query.where('id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    async revoke(id: string, at: string): Promise<void> {
      await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async touch(id: string, at: string): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },

    async revokeAllOwnedBy(ownerId: string, at: string): Promise<void> {
      await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('owner_id', '=', ownerId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
