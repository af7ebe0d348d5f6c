import type { Role, User } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import type { Database, UsersTable } from '../../db/database-types.js';

export type UserRow = Selectable<UsersTable>;

/** The API shape of a stored user. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    object: 'user',
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled_at !== null,
    emailVerifiedAt: row.email_verified_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserFilters {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  email?: string | undefined;
  limit: number;
  startingAfter?: string | undefined;
}

/** Queries on `users`. Deleted (anonymized) accounts are invisible to every read here. */
export function createUsersRepository(db: Database) {
  const live = () => db.selectFrom('users').selectAll().where('deleted_at', 'is', null);
  return {
    findById: (id: string) => live().where('id', '=', id).executeTakeFirst(),
    findByEmail: (email: string) => live().where('email', '=', email).executeTakeFirst(),

    async list(filters: UserFilters): Promise<{ rows: UserRow[]; hasMore: boolean }> {
      let query = live();
      if (filters.role) query = query.where('role', '=', filters.role);
      if (filters.disabled !== undefined) {
        query = query.where('disabled_at', filters.disabled ? 'is not' : 'is', null);
      }
      if (filters.email) query = query.where('email', '=', filters.email);
      if (filters.startingAfter) query = query.where('id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },

    async insert(row: UserRow): Promise<void> {
      await db.insertInto('users').values(row).execute();
    },

    async update(id: string, changes: Partial<Omit<UserRow, 'id'>>): Promise<UserRow | undefined> {
      await db
        .updateTable('users')
        .set(changes)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .execute();
      return live().where('id', '=', id).executeTakeFirst();
    },

    async countActiveAdmins(): Promise<number> {
      const result = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', 'admin')
        .where('deleted_at', 'is', null)
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(result.count);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
