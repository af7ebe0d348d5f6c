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
      if ((error as Error)?.message === QUERY_DEADLINE_MESSAGE) destroy(client);
      throw error;
    });
  }
  return { query, release: () => client.release() };
}

/** pg has no public way to drop a connection at once (`end()` waits for the server); its socket does. */
function destroy(client: pg.PoolClient): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
