import { sql } from 'kysely';
import type { Database } from './database-types.js';

/** Whether the database's disk was last seen full, and the way back. */
export interface StorageState {
  readonly full: boolean;
  /** A write failed for a full disk (`isStorageFull`). */
  noteFull(): void;
  /** While full, tries one small write; true (and no longer full) once one succeeds. */
  recheck(): Promise<boolean>;
}

/** Rewrites one settings row as it is: the smallest write that needs the disk, on either dialect. */
async function probeWrite(db: Database): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      sql`update settings set updated_at = updated_at where key = (select min(key) from settings)`.execute(
        trx,
      ),
    );
}

/** Free space below which a disk that was full still counts as full: a probe alone can fit in reused pages. */
const MIN_FREE_BYTES = 1 << 20;

/**
 * The daemon keeps serving reads when its disk is full; readiness reports the condition (so a load balancer can
 * route writes elsewhere) until a write succeeds again, without a restart. `freeBytes` (SQLite: the data dir's
 * file system) keeps it full while the disk has almost nothing left, since SQLite can reuse space it holds.
 */
export function createStorageState(db: Database, freeBytes?: () => Promise<number>): StorageState {
  let full = false;
  return {
    get full() {
      return full;
    },
    noteFull() {
      full = true;
    },
    async recheck() {
      if (!full) return true;
      try {
        if (freeBytes && (await freeBytes()) < MIN_FREE_BYTES) return false;
        await probeWrite(db);
        full = false;
      } catch {
        // Still full: readiness keeps saying so.
      }
      return !full;
    },
  };
}
