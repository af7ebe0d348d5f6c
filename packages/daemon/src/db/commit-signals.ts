/**
 * Tells listeners that a transaction of this database has committed, so work that waits for committed data (the live
 * event stream) can look at once instead of on a timer. A signal never carries data: listeners read what committed
 * through the database, which keeps the outbox the only source of truth. Listeners must be quick and must not throw.
 */
export function createCommitSignals() {
  const listeners = new Set<() => void>();
  return {
    /** Calls `listener` after every commit; the returned function stops it. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Called by the driver once a commit has returned (on SQLite: once its group's COMMIT has). */
    committed(): void {
      for (const listener of listeners) listener();
    },
  };
}

export type CommitSignals = ReturnType<typeof createCommitSignals>;
