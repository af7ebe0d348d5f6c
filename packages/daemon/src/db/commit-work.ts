import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';
import type { CommitSignals } from './commit-signals.js';

/** A scope's pending statement: written inside the first transaction of the scope that commits. */
interface Scope {
  statement: CompiledQuery | null;
  open: boolean;
}

/** What the opener of a scope can see of it afterwards. */
export interface CommitScope {
  /** True while the attached statement is still waiting for a transaction to commit. */
  readonly pending: boolean;
  /** Ends the scope: a statement still pending is dropped, never written. Idempotent. */
  close(): void;
}

const scopes = new AsyncLocalStorage<Scope>();
/** Scopes opened and not yet closed: while there are none, the storage is disabled (ADR-056). */
let openScopes = 0;

/**
 * Statements that must commit together with the change a request makes, whichever service makes it: the request
 * opens a scope, attaches a statement (an audit entry), and the first transaction in that scope that commits writes
 * the statement just before its COMMIT. A rolled-back transaction writes nothing and leaves it for the next one, so
 * the statement exists exactly when a change of the request committed.
 */
export const commitWork = {
  /**
   * Runs `fn` (and everything it starts) in a fresh scope, which lasts until its `close()`.
   *
   * On Node 20 an enabled `AsyncLocalStorage` makes Node track every promise of the process (its promise hooks
   * cost about a sixth of the CPU of a checkout), so the storage is disabled whenever no scope is open and enabled
   * again by the next `run`. Disabling leaves older async resources holding their scope; a closed scope is inert
   * (nothing attaches to it, nothing of it is written), so one that resurfaces after a later enable does nothing.
   */
  scope<T>(fn: (scope: CommitScope) => T): T {
    const scope: Scope = { statement: null, open: true };
    openScopes += 1;
    const view: CommitScope = {
      get pending() {
        return scope.statement !== null;
      },
      close() {
        if (!scope.open) return;
        scope.open = false;
        scope.statement = null;
        openScopes -= 1;
        if (openScopes === 0) scopes.disable();
      },
    };
    try {
      return scopes.run(scope, () => fn(view));
    } catch (error) {
      // Nobody got the scope to close it later.
      view.close();
      throw error;
    }
  },
  /** Attaches the statement to the current scope; false when there is none (or it is closed). */
  attach(statement: CompiledQuery): boolean {
    const scope = scopes.getStore();
    if (!scope?.open) return false;
    scope.statement = statement;
    return true;
  },
};

/** Writes the current scope's statement, once, on the connection of the transaction about to commit. */
async function writePending(connection: DatabaseConnection): Promise<void> {
  const scope = scopes.getStore();
  const statement = scope?.statement;
  if (!scope?.open || !statement) return;
  await connection.executeQuery(statement);
  scope.statement = null;
}

/** A driver whose commits first write the scope's pending statement inside the transaction. */
class CommitWorkDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly signals: CommitSignals,
  ) {}
  init = () => this.inner.init();
  acquireConnection = () => this.inner.acquireConnection();
  beginTransaction = (connection: DatabaseConnection, settings: TransactionSettings) =>
    this.inner.beginTransaction(connection, settings);
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await writePending(connection);
    await this.inner.commitTransaction(connection);
    this.signals.committed();
  }
  rollbackTransaction = (connection: DatabaseConnection) => this.inner.rollbackTransaction(connection);
  releaseConnection = (connection: DatabaseConnection) => this.inner.releaseConnection(connection);
  destroy = () => this.inner.destroy();
  savepoint: Driver['savepoint'] = (connection, name, compile) =>
    this.inner.savepoint!(connection, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (connection, name, compile) =>
    this.inner.rollbackToSavepoint!(connection, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (connection, name, compile) =>
    this.inner.releaseSavepoint!(connection, name, compile);
}

/** The dialect with `commitWork` honoured by every transaction, and `signals` told of every commit (both dialects). */
export function withCommitWork(dialect: Dialect, signals: CommitSignals): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new CommitWorkDriver(dialect.createDriver(), signals),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
