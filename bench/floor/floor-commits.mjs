// The floor's two ways to make a transaction durable. Both resolve only once a COMMIT (an fsync with
// `synchronous=FULL`) holding the transaction has returned, so nobody is answered before their write is durable.
// Each takes the transaction's `work` (a synchronous function of one input) and returns it as an async function.

/** Limits of one group, as in the daemon (packages/daemon/src/db/dialects/sqlite-commit-groups.ts). */
const MAX_TRANSACTIONS = 128;
const MAX_WAIT_MS = 8;

/** Each transaction is its own `BEGIN IMMEDIATE … COMMIT`. */
export function commitPerTransaction(db, work) {
  const transaction = db.transaction(work);
  return async (input) => transaction.immediate(input);
}

/**
 * Group commit, the daemon's way made simple: better-sqlite3 runs a transaction synchronously, so the writer is
 * idle between them and every transaction that starts in one event-loop turn joins the same outer `BEGIN
 * IMMEDIATE`, each in its own savepoint (better-sqlite3 nests `db.transaction` as a savepoint, and a failure rolls
 * back only its own). The group commits in the check phase that ends the turn (`setImmediate`), or as soon as it
 * holds 128 transactions or is 8 ms old. Failures too are answered only once the group's fate is known, since
 * their answer may rest on the group's uncommitted writes.
 */
export function groupCommit(db, work) {
  const transaction = db.transaction(work);
  let group = null;

  function open() {
    db.exec('BEGIN IMMEDIATE');
    let commit;
    let fail;
    const durable = new Promise((resolve, reject) => {
      commit = resolve;
      fail = reject;
    });
    const opened = {
      openedAt: performance.now(),
      kept: 0,
      durable,
      settled: durable.catch(() => {}),
      commit,
      fail,
    };
    setImmediate(() => {
      if (group === opened) close(opened);
    });
    return opened;
  }

  function close(closing) {
    group = null;
    try {
      db.exec('COMMIT');
      closing.commit();
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      closing.fail(error);
    }
  }

  return async (input) => {
    group ??= open();
    const joined = group;
    let result;
    try {
      result = transaction(input);
    } catch (error) {
      await joined.settled;
      throw error;
    }
    joined.kept += 1;
    if (joined.kept >= MAX_TRANSACTIONS || performance.now() - joined.openedAt >= MAX_WAIT_MS) close(joined);
    await joined.durable;
    return result;
  };
}
