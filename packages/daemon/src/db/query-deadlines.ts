import { AsyncLocalStorage } from 'node:async_hooks';

const budgets = new AsyncLocalStorage<number>();

/**
 * Client-side deadlines for database queries, set by whoever starts the work: an API request wants a quick 503
 * when the database stops answering, a report or a migration may legitimately run for long. The PostgreSQL pool
 * reads the deadline of the work it serves (`dialects/postgres-deadline-pool.ts`); SQLite, in process, needs none.
 */
export const queryDeadlines = {
  /** Runs `fn`, and everything it starts, with each query bounded by `ms`. */
  within<T>(ms: number, fn: () => T): T {
    return budgets.run(ms, fn);
  },
  /**
   * Runs `fn` outside any scope: background work that a request merely woke up (a job) must not inherit that
   * request's short deadline.
   */
  detached<T>(fn: () => T): T {
    return budgets.exit(fn);
  },
  /** The deadline of the current work, or undefined outside any (the pool's default applies). */
  current(): number | undefined {
    return budgets.getStore();
  },
};
