import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { CommitGroups } from './sqlite-commit-groups.js';
import type { CachedConnection } from './sqlite-statement-cache.js';

/** A savepoint statement inside a transaction (Kysely's `trx.savepoint()`), the name quoted as an identifier. */
function savepointCommand(command: 'savepoint' | 'rollback to' | 'release', name: string): CompiledQuery {
  return CompiledQuery.raw(`${command} "${name.replaceAll('"', '""')}"`);
}

function run(connection: CachedConnection, query: CompiledQuery): QueryResult<unknown> {
  const statement = connection.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** A statement the read connection can answer: it changes nothing (SELECT, read-only PRAGMA…). */
function isReadOnly(reader: CachedConnection, query: CompiledQuery): boolean {
  try {
    return reader.prepare(query.sql).readonly;
  } catch {
    // The reader cannot even prepare it (a table only the writer's open transaction has created): the writer can.
    return false;
  }
}

/**
 * What Kysely holds for one query or one transaction. Inside a transaction everything runs on the writer, in the
 * transaction's savepoint; outside one, reads go to the read connection (committed data only) and a lone write
 * becomes a transaction of its own, so it shares group commits too.
 */
class RoutedConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    private readonly reader: CachedConnection,
    private readonly writer: CachedConnection,
    private readonly groups: CommitGroups,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return run(this.writer, query) as QueryResult<R>;
    if (isReadOnly(this.reader, query)) return run(this.reader, query) as QueryResult<R>;
    await this.groups.begin();
    let result: QueryResult<unknown>;
    try {
      result = run(this.writer, query);
    } catch (error) {
      await this.groups.rollback();
      throw error;
    }
    await this.groups.commit();
    return result as QueryResult<R>;
  }

  // Rows are read in full first: an open better-sqlite3 iterator would block every other read on the connection.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (const row of rows) yield { rows: [row] };
  }
}

/**
 * Kysely driver for SQLite with group commit (see `sqlite-commit-groups.ts`): one writer connection whose
 * transactions share commits, and one read connection for reads outside transactions. better-sqlite3 runs each
 * statement synchronously, so the read connection needs no lock.
 */
export class GroupCommitSqliteDriver implements Driver {
  constructor(
    private readonly reader: CachedConnection,
    private readonly writer: CachedConnection,
    private readonly groups: CommitGroups,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.reader, this.writer, this.groups);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.groups.begin();
    (connection as RoutedConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).inTransaction = false;
    await this.groups.commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).inTransaction = false;
    await this.groups.rollback();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(savepointCommand('savepoint', name));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(savepointCommand('rollback to', name));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(savepointCommand('release', name));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.reader.file.close();
    this.writer.file.close();
  }
}
