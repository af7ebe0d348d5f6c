import type { Selectable } from 'kysely';
import type { Executor, IdempotencyKeysTable } from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { newId } from '../../infra/ids.js';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

// Every keyed write runs both (ADR-049: compiled once).
const claimKey = preparedQuery<
  Pick<IdempotencyRow, 'id' | 'scope' | 'key' | 'request_hash' | 'created_at' | 'expires_at'>
>((db, param) =>
  db
    .insertInto('idempotency_keys')
    .values({
      id: param('id'),
      scope: param('scope'),
      key: param('key'),
      request_hash: param('request_hash'),
      state: 'in_flight',
      response_status: null,
      response_body: null,
      created_at: param('created_at'),
      expires_at: param('expires_at'),
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing()),
);
const completeKey = preparedQuery<{ id: string; status: number; body: string }>((db, param) =>
  db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: param('status'), response_body: param('body') })
    .where('id', '=', param('id')),
);

export type BeginOutcome =
  | { kind: 'started'; id: string }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; status: number; body: string };

/** An in-flight record older than this belongs to a request that died; its key may be used again. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

export function idempotencyRepository(db: Executor) {
  return {
    /**
     * Claims `(scope, key)` for a new request, or says why it cannot: still running, reused with
     * other parameters, or finished (replay its response). The insert is the lock.
     */
    async begin(
      scope: string,
      key: string,
      requestHash: string,
      now: Date,
      expiresAt: string,
    ): Promise<BeginOutcome> {
      for (let attempt = 0; attempt < 2; attempt++) {
        const id = newId('idempotencyKey');
        const inserted = await claimKey.execute(db, {
          id,
          scope,
          key,
          request_hash: requestHash,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        });
        if (Number(inserted.numAffectedRows ?? 0) === 1) return { kind: 'started', id };

        const existing = await db
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('scope', '=', scope)
          .where('key', '=', key)
          .executeTakeFirst();
        if (!existing) continue;
        const abandoned =
          existing.state === 'in_flight' &&
          now.getTime() - Date.parse(existing.created_at) > ABANDONED_AFTER_MS;
        if (existing.expires_at <= now.toISOString() || abandoned) {
          await db.deleteFrom('idempotency_keys').where('id', '=', existing.id).execute();
          continue;
        }
        if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
        if (existing.state === 'in_flight') return { kind: 'in_flight' };
        return {
          kind: 'replay',
          status: existing.response_status ?? 200,
          body: existing.response_body ?? '',
        };
      }
      return { kind: 'in_flight' };
    },

    async complete(id: string, status: number, body: string): Promise<void> {
      await completeKey.execute(db, { id, status, body });
    },

    async abandon(id: string): Promise<void> {
      await db.deleteFrom('idempotency_keys').where('id', '=', id).execute();
    },

    /** Removes expired records; returns how many. */
    async deleteExpired(now: string): Promise<number> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
