import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { queryDeadlines } from '../query-deadlines.js';
import { statementNameOf } from '../statement-names.js';

/** pg's message when a query's client-side deadline (`query_timeout`) passes. */
export const QUERY_DEADLINE_MESSAGE = 'Query read timeout';

/**
 * The pool Kysely sees: pg's own, with a client-side deadline on every query (the current work's, else
 * `defaultMs`). A server that stops answering without closing the connection (a partition, dropped packets) would
 * otherwise hold the request for as long as the partition lasts: `statement_timeout` runs on the server, which
 * never hears about it. A connection whose query passed its deadline still has that query on the wire, so it is
 * destroyed at once: its rollback fails fast and the pool never hands it out again.
 */
export function withQueryDeadlines(
  pool: pg.Pool,
  defaultMs: number,
  options: { namedStatements: boolean } = { namedStatements: true },
): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = deadlineClient(client, defaultMs, options.namedStatements);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

function deadlineClient(
  client: pg.PoolClient,
  defaultMs: number,
  namedStatements: boolean,
): PostgresPoolClient {
  // Set when the connection was destroyed: its socket closes asynchronously, so on release it must leave the pool
  // rather than go back idle.
  let broken = false;
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Cursors read in steps of their own; each step is short, and streaming exports must not be cut off.
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never) as PostgresCursor<R>;
    const config = {
      // A named statement is parsed and planned once per connection (ADR-051).
      name: namedStatements ? statementNameOf(sqlOrCursor) : undefined,
      text: sqlOrCursor,
      values: parameters as unknown[],
      query_timeout: queryDeadlines.current() ?? defaultMs,
    };
    return (client.query(config) as unknown as Promise<PostgresQueryResult<R>>).catch((error: unknown) => {
      const deadlinePassed = (error as Error)?.message === QUERY_DEADLINE_MESSAGE;
      if (deadlinePassed || (config.name !== undefined && namedStatementsOutOfStep(error))) {
        broken = true;
        destroy(client);
      }
      throw error;
    });
  }
  return { query, release: () => client.release(broken || undefined) };
}

/**
 * Whether a named statement's failure may leave pg's list of the connection's prepared statements out of step with
 * the server's (ADR-051): the server lost it (`26000`: `DEALLOCATE`/`DISCARD ALL` from outside, a pooler in
 * transaction mode), already has it (`42P05`), its result columns changed (`0A000`, after a column's type changed),
 * or the failure happened in the client before the server answered (no SQLSTATE: pg then closes the statement on
 * the server but keeps it in its list). pg would send the stale name on every later run of the connection: the
 * connection goes, and the pool opens a fresh one that prepares again.
 */
function namedStatementsOutOfStep(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || code === '26000' || code === '42P05' || code === '0A000';
}

/** pg has no public way to drop a connection at once (`end()` waits for the server); its socket does. */
function destroy(client: pg.PoolClient): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
