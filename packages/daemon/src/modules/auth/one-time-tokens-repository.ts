import type { Selectable } from 'kysely';
import type { Database, PasswordResetsTable } from '../../db/database-types.js';

/** The tables of one-time tokens mailed to an account's address; both have the same columns. */
export type OneTimeTokenTable = 'password_resets' | 'email_verifications';

export type OneTimeTokenRow = Selectable<PasswordResetsTable>;

/**
 * One-time tokens (password resets, email verifications): only their SHA-256 is stored, each works once, and
 * using one can void the account's others.
 */
export function createOneTimeTokensRepository(db: Database, tableName: OneTimeTokenTable) {
  // Both tables have the same shape; naming one of them keeps Kysely's typing simple.
  const table = tableName as 'password_resets';
  return {
    /** Removes tokens that expired before `before`; returns how many. */
    async deleteExpired(before: string): Promise<number> {
      const result = await db.deleteFrom(table).where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insert(row: OneTimeTokenRow): Promise<void> {
      await db.insertInto(table).values(row).execute();
    },

    findByTokenHash: (tokenHash: string) =>
      db.selectFrom(table).selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    /** Voids every open token of a user (after a password change, a completed reset or a verification). */
    async voidAllOf(userId: string, at: string): Promise<void> {
      await db
        .updateTable(table)
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },

    /** Marks the token used; false if it was already used (a second, racing confirmation). */
    async markUsed(id: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable(table)
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type OneTimeTokensRepository = ReturnType<typeof createOneTimeTokensRepository>;
