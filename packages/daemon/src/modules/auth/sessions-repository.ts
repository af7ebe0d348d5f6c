import type { Selectable } from 'kysely';
import type { Database, RefreshTokensTable, SessionsTable, UsersTable } from '../../db/database-types.js';

export type SessionRow = Selectable<SessionsTable>;
export type RefreshTokenRow = Selectable<RefreshTokensTable>;

/** Sessions (refresh-token families) and their refresh tokens. */
export function createSessionsRepository(db: Database) {
  return {
    /**
     * Removes sessions that expired before `before`, with their refresh tokens (rotated ones are kept until then:
     * they are what reuse detection compares against). Returns how many sessions went.
     */
    async deleteExpired(before: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const expired = trx.selectFrom('sessions').select('id').where('expires_at', '<', before);
        await trx.deleteFrom('refresh_tokens').where('session_id', 'in', expired).execute();
        const result = await trx.deleteFrom('sessions').where('expires_at', '<', before).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    async insertSession(session: SessionRow, token: RefreshTokenRow): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('sessions').values(session).execute();
        await trx.insertInto('refresh_tokens').values(token).execute();
      });
    },

    findRefreshToken(tokenHash: string) {
      return db
        .selectFrom('refresh_tokens')
        .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
        .select([
          'refresh_tokens.id',
          'refresh_tokens.session_id',
          'refresh_tokens.expires_at',
          'refresh_tokens.rotated_at',
          'sessions.user_id',
          'sessions.revoked_at as session_revoked_at',
        ])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    /**
     * Exchanges a refresh token for its successor in one transaction. The conditional update is the
     * lock: of two concurrent exchanges of the same token, exactly one sees `rotated_at` still null.
     */
    async rotate(oldTokenId: string, rotatedAt: string, next: RefreshTokenRow): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('refresh_tokens')
          .set({ rotated_at: rotatedAt })
          .where('id', '=', oldTokenId)
          .where('rotated_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await trx.insertInto('refresh_tokens').values(next).execute();
        // The session lives as long as its newest refresh token.
        await trx
          .updateTable('sessions')
          .set({ expires_at: next.expires_at })
          .where('id', '=', next.session_id)
          .execute();
        return true;
      });
    },

    /** The session plus the state of its user, checked on every authenticated request. */
    findActiveSessionState(sessionId: string) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.id',
          'sessions.user_id',
          'sessions.expires_at',
          'sessions.revoked_at',
          'users.role',
          'users.disabled_at',
          'users.deleted_at',
        ])
        .where('sessions.id', '=', sessionId)
        .executeTakeFirst() as Promise<
        | (Pick<SessionRow, 'id' | 'user_id' | 'expires_at' | 'revoked_at'> &
            Pick<UsersTable, 'role' | 'disabled_at' | 'deleted_at'>)
        | undefined
      >;
    },

    /** The IDs of a user's sessions that have not expired (revoked or not): those a cache may still hold. */
    async unexpiredSessionIdsOf(userId: string, now: string): Promise<string[]> {
      const rows = await db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .execute();
      return rows.map((row) => row.id);
    },

    async revokeSession(sessionId: string, at: string, reason: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeAllSessions(
      userId: string,
      at: string,
      reason: string,
      exceptSessionId?: string,
    ): Promise<number> {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
