import type { Selectable } from 'kysely';
import type { Database, PasswordResetsTable } from '../../db/database-types.js';

export type PasswordResetRow = Selectable<PasswordResetsTable>;

export function createPasswordResetsRepository(db: Database) {
  return {
    /** Removes reset tokens that expired before `before`; returns how many. */
    async deleteExpired(before: string): Promise<number> {
      const result = await db
        .deleteFrom('password_resets')
        .where('expires_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insert(row: PasswordResetRow): Promise<void> {
      await db.insertInto('password_resets').values(row).execute();
    },

    findByTokenHash: (tokenHash: string) =>
      db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    /** Voids every open reset token of a user (after a password change or a completed reset). */
    async voidAllOf(userId: string, at: string): Promise<void> {
      await db
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },

    /** Marks the token used; false if it was already used (a second, racing confirmation). */
    async markUsed(id: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type PasswordResetsRepository = ReturnType<typeof createPasswordResetsRepository>;
