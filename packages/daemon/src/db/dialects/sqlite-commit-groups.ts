import type SqliteDatabase from 'better-sqlite3';

/** When an open group commits even though more transactions are waiting to join it. */
export interface GroupCommitLimits {
  /** Transactions kept in one group at most. */
  maxTransactions: number;
  /** How long the first transaction of a group waits for its commit at most, in milliseconds. */
  maxWaitMs: number;
}

export const DEFAULT_GROUP_COMMIT_LIMITS: GroupCommitLimits = { maxTransactions: 128, maxWaitMs: 8 };

/** One outer SQLite transaction shared by the request transactions that ran while it was open. */
interface Group {
  openedAt: number;
  kept: number;
  /** Resolves when the group's COMMIT has returned; rejects when the group's writes are lost. */
  durable: Promise<void>;
  /** Resolves when the group's fate is known, either way. */
  settled: Promise<void>;
  commit(): void;
  fail(error: unknown): void;
}

const SAVEPOINT = 'tp_tx';

function openGroup(): Group {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const durable = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const settled = durable.then(
    () => undefined,
    () => undefined,
  );
  return { openedAt: performance.now(), kept: 0, durable, settled, commit: resolve, fail: reject };
}

/**
 * Raised to the members of a group whose writes were lost before they were durable (its COMMIT failed, or SQLite
 * rolled the outer transaction back by itself): nothing of theirs was acknowledged, and a retry is safe.
 */
export class GroupRolledBack extends Error {
  readonly code = 'TILLPOINT_GROUP_ROLLED_BACK';
  constructor(cause: unknown) {
    super('the database rolled the transaction back before it was durable', { cause });
    this.name = 'GroupRolledBack';
  }
}

/**
 * Group commit on SQLite's one writer connection. Request transactions still run one at a time (SQLite has one
 * writer), each inside its own savepoint, so a failure rolls back only its own work; but the transactions that
 * queue up while one runs join the same outer transaction, and one `COMMIT` (one fsync with `synchronous=FULL`)
 * makes them all durable. No transaction is reported committed before that COMMIT has returned, so every
 * acknowledged write survives a crash exactly as with a commit per request. Reads outside transactions use a
 * separate connection, so no request sees another's uncommitted writes.
 *
 * The group commits at the end of the event-loop turn in which the writer fell idle, or as soon as a limit is
 * reached, so a lone request waits for no more than its own commit and a busy daemon amortizes the fsync over the
 * requests that arrive together.
 */
export class CommitGroups {
  readonly #writer: SqliteDatabase.Database;
  readonly #limits: GroupCommitLimits;
  #held = false;
  readonly #waiters: Array<() => void> = [];
  #group: Group | null = null;
  #commitScheduled = false;

  readonly #busyTimeoutMs: number;

  /**
   * `writer` must have `busy_timeout = 0`: waiting for another process's write lock happens here, asynchronously,
   * for up to `busyTimeoutMs`, so the event loop (and any other connection in this thread) keeps running meanwhile.
   */
  constructor(
    writer: SqliteDatabase.Database,
    busyTimeoutMs: number,
    limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT_LIMITS,
  ) {
    this.#writer = writer;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#limits = limits;
  }

  /** Takes the writer and opens a savepoint for one transaction (and the group's transaction if none is open). */
  async begin(): Promise<void> {
    await this.#lock();
    try {
      if (this.#group && !this.#writer.inTransaction)
        this.#lose(this.#group, new Error('transaction closed'));
      if (!this.#group) {
        await this.#beginImmediate();
        this.#group = openGroup();
      }
      this.#writer.exec(`SAVEPOINT ${SAVEPOINT}`);
    } catch (error) {
      this.#unlock();
      throw error;
    }
  }

  /** Keeps the transaction's work, hands the writer on, and resolves once a COMMIT has made that work durable. */
  async commit(): Promise<void> {
    const group = this.#group;
    try {
      this.#writer.exec(`RELEASE ${SAVEPOINT}`);
    } catch (error) {
      await this.rollback();
      throw error;
    }
    if (!group) throw new Error('commit without a transaction');
    group.kept += 1;
    this.#unlock();
    await group.durable;
  }

  /**
   * Undoes the transaction's own work only. Its answer may rest on reads of the group's uncommitted writes, so it
   * is given only once the group's fate is known.
   */
  async rollback(): Promise<void> {
    const group = this.#group;
    try {
      if (this.#writer.inTransaction) {
        this.#writer.exec(`ROLLBACK TO ${SAVEPOINT}`);
        this.#writer.exec(`RELEASE ${SAVEPOINT}`);
      } else if (group) {
        // SQLite rolls the whole transaction back itself on some errors (SQLITE_FULL, SQLITE_IOERR…): the work of
        // every transaction kept in the group is gone, and none of them may be reported committed.
        this.#lose(group, new GroupRolledBack(undefined));
      }
    } catch (error) {
      if (group) this.#lose(group, new GroupRolledBack(error));
    }
    this.#unlock();
    await group?.settled;
  }

  /**
   * IMMEDIATE takes the write lock now, so a group never fails half-way for want of it. Another process (or
   * another connection in this thread) may hold it: retry with short pauses rather than SQLite's busy handler,
   * which sleeps synchronously and would freeze the event loop, and with it whoever holds the lock here.
   */
  async #beginImmediate(): Promise<void> {
    const deadline = performance.now() + this.#busyTimeoutMs;
    for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 25)) {
      try {
        this.#writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || performance.now() >= deadline)
          throw error;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  /** Waits for the writer: nobody may open a savepoint inside another transaction's. */
  #lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Hands the writer to the next in line. A full group commits first; otherwise, with nobody waiting, the commit is
   * deferred to the end of this event-loop turn, so that the requests already read from their sockets in this turn
   * (whose transactions have not begun yet) join it instead of each paying an fsync of its own.
   */
  #unlock(): void {
    const group = this.#group;
    if (group && this.#isFull(group)) this.#commit(group);
    const next = this.#waiters.shift();
    if (next) {
      next();
      return;
    }
    this.#held = false;
    if (this.#group) this.#scheduleCommit();
  }

  #isFull(group: Group): boolean {
    return (
      group.kept >= this.#limits.maxTransactions ||
      performance.now() - group.openedAt >= this.#limits.maxWaitMs
    );
  }

  #scheduleCommit(): void {
    if (this.#commitScheduled) return;
    this.#commitScheduled = true;
    setImmediate(() => {
      this.#commitScheduled = false;
      // A transaction that began meanwhile joined the group; its own unlock commits or schedules again.
      if (this.#group && !this.#held) this.#commit(this.#group);
    });
  }

  #commit(group: Group): void {
    this.#group = null;
    try {
      if (!this.#writer.inTransaction) throw new Error('transaction closed before commit');
      this.#writer.exec('COMMIT');
      group.commit();
    } catch (error) {
      this.#rollbackOuter();
      group.fail(new GroupRolledBack(error));
    }
  }

  #lose(group: Group, error: Error): void {
    this.#group = null;
    this.#rollbackOuter();
    group.fail(error);
  }

  #rollbackOuter(): void {
    try {
      if (this.#writer.inTransaction) this.#writer.exec('ROLLBACK');
    } catch {
      // The connection has no transaction left to roll back; nothing else to undo.
    }
  }
}
