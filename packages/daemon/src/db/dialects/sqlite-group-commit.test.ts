import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../database-types.js';
import { openSqlite } from './sqlite-dialect.js';

/** A promise and the function that settles it, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

interface Notes {
  notes: { id: Generated<number>; body: string };
}

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let handle: DatabaseHandle;
  let db: Kysely<Notes>;

  /** What a separate process would see on disk: committed rows only. */
  function committedBodies(): string[] {
    const outsider = new SqliteDatabase(file, { readonly: true });
    try {
      return (outsider.prepare('select body from notes order by id').all() as { body: string }[]).map(
        (row) => row.body,
      );
    } finally {
      outsider.close();
    }
  }

  const insert = (executor: Kysely<Notes>, body: string) =>
    executor.insertInto('notes').values({ body }).execute();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tillpoint-group-commit-'));
    file = join(dir, 'test.db');
    handle = openSqlite({ file, busyTimeoutMs: 2_000 });
    db = handle.db as unknown as Kysely<Notes>;
    await sql`create table notes (id integer primary key, body text not null)`.execute(db);
  });

  afterEach(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never shows a transaction its neighbours’ uncommitted writes outside transactions, and reads do not wait', async () => {
    const hold = gate();
    const writing = db.transaction().execute(async (trx) => {
      await insert(trx, 'held');
      await hold.opened;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await db.selectFrom('notes').select('body').execute()).toEqual([]);
    hold.open();
    await writing;
    expect(await db.selectFrom('notes').select('body').execute()).toEqual([{ body: 'held' }]);
  });

  it('answers a transaction only once the COMMIT that holds it has returned, shared with those queued behind it', async () => {
    const holdSecond = gate();
    const settled: string[] = [];
    const first = db
      .transaction()
      .execute((trx) => insert(trx, 'first'))
      .then(() => settled.push('first'));
    const second = db
      .transaction()
      .execute(async (trx) => {
        await insert(trx, 'second');
        await holdSecond.opened;
      })
      .then(() => settled.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first transaction is done but shares its group with the second, still running: not durable, not answered.
    expect(settled).toEqual([]);
    expect(committedBodies()).toEqual([]);
    holdSecond.open();
    await Promise.all([first, second]);
    expect(settled.sort()).toEqual(['first', 'second']);
    expect(committedBodies()).toEqual(['first', 'second']);
  });

  it('rolls back only the failing transaction of a group', async () => {
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => insert(trx, 'a')),
      db.transaction().execute(async (trx) => {
        await insert(trx, 'b');
        throw new Error('b changed its mind');
      }),
      db.transaction().execute((trx) => insert(trx, 'c')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('b changed its mind');
    expect(committedBodies()).toEqual(['a', 'c']);
  });

  it('keeps savepoint journals in memory on the writer only, and rolls back a savepoint larger than the spill size', async () => {
    const storage = async (executor: Kysely<Notes>) =>
      (await sql<{ temp_store: number }>`pragma temp_store`.execute(executor)).rows[0]?.temp_store;
    // 2 = MEMORY on the writer (every transaction runs there); 0 = the default, a file, on the reader.
    expect(await db.transaction().execute((trx) => storage(trx))).toBe(2);
    expect(await storage(db)).toBe(0);
    // About 1 MiB of changed pages in one member, far past the 64 KiB a sub-journal keeps before spilling.
    const big = 'x'.repeat(4_000);
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => insert(trx, 'kept before')),
      db.transaction().execute(async (trx) => {
        for (let index = 0; index < 250; index += 1) await insert(trx, `${big}${index}`);
        throw new Error('undone');
      }),
      db.transaction().execute((trx) => insert(trx, 'kept after')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedBodies()).toEqual(['kept before', 'kept after']);
  });

  it('fails every member of a group whose outer transaction is lost, never acknowledging their writes', async () => {
    const holdSecond = gate();
    const first = db.transaction().execute((trx) => insert(trx, 'lost'));
    const second = db.transaction().execute(async (trx) => {
      await holdSecond.opened;
      // What SQLite does by itself on SQLITE_FULL or SQLITE_IOERR: the whole transaction is gone.
      await sql`rollback`.execute(trx);
    });
    holdSecond.open();
    const [firstResult, secondResult] = await Promise.allSettled([first, second]);
    expect(firstResult.status).toBe('rejected');
    expect((firstResult as PromiseRejectedResult).reason.code).toBe('TILLPOINT_GROUP_ROLLED_BACK');
    expect(secondResult.status).toBe('rejected');
    expect(committedBodies()).toEqual([]);
    // The writer recovers: the next transaction commits normally.
    await db.transaction().execute((trx) => insert(trx, 'after'));
    expect(committedBodies()).toEqual(['after']);
  });

  it('commits a lone write outside any transaction, and 200 concurrent ones all durably', async () => {
    await insert(db, 'lone');
    expect(committedBodies()).toEqual(['lone']);
    await Promise.all(Array.from({ length: 200 }, (_, index) => insert(db, `n${index}`)));
    expect(committedBodies()).toHaveLength(201);
  });
});
