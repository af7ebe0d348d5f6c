import type SqliteDatabase from 'better-sqlite3';

/** Distinct statements kept prepared per connection; the daemon issues a few hundred at most. */
const STATEMENT_CACHE_SIZE = 1_000;

/** A connection whose statements are prepared once per SQL text. */
export interface CachedConnection {
  readonly file: SqliteDatabase.Database;
  prepare(sqlText: string): SqliteDatabase.Statement;
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. Statements are
 * cached by SQL text (parameters are bound per run, so reuse is safe), least recently used out first.
 */
export function withStatementCache(file: SqliteDatabase.Database): CachedConnection {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    file,
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) {
        statements.delete(sqlText);
      } else {
        statement = file.prepare(sqlText);
        if (statements.size >= STATEMENT_CACHE_SIZE)
          statements.delete(statements.keys().next().value as string);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}
