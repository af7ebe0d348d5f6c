import { type Expression, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { columnsOf } from './column-lists.js';
import type { Executor } from './database-types.js';

/** How a column's value comes back through JSON: as it is, or a timestamp to bring to the driver's shape. */
export type JsonColumnKind = 'value' | 'timestamp';

/** Every column of a row type, with its kind: a missing or extra column is a compile error. */
export type JsonColumns<R> = { readonly [K in keyof R]-?: JsonColumnKind };

/**
 * A subquery's rows as one JSON array in the outer row, so a parent and its children come back in one statement
 * (one round trip, one read transaction) instead of one per table (ADR-050). The subquery (a Kysely select, which
 * compiles in parentheses) must select exactly `columns`. Each dialect aggregates with its own JSON functions. The
 * order is never left to the subquery: PostgreSQL orders by `orderBy` inside the aggregate; on SQLite
 * `readJsonRows` sorts (ADR-059), given the same `orderBy`.
 */
export function jsonRows<R>(
  db: Executor,
  subquery: Expression<unknown>,
  columns: JsonColumns<R>,
  orderBy: keyof R & string,
): RawBuilder<unknown> {
  const order = sql.ref(`agg.${orderBy}`);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return sql`(select coalesce(json_agg(agg order by ${order}), '[]'::json) from ${subquery} as agg)`;
  }
  const pairs = sql.join(columnsOf(columns).map((name) => sql`${sql.lit(name)}, ${sql.ref(`agg.${name}`)}`));
  // No ORDER BY inside json_group_array: SQLite runs a statement holding several ordered aggregates in correlated
  // subqueries 20 times slower (an order read: 690 µs against 30 µs). The reader sorts instead.
  return sql`(select coalesce(json_group_array(json_object(${pairs})), '[]') from ${subquery} as agg)`;
}

/**
 * The rows of a `jsonRows` column, ordered by `orderBy`, in the shapes a plain read gives: SQLite answers JSON text
 * in no particular order (sorted here as its `ORDER BY` would); PostgreSQL answers parsed JSON, already ordered,
 * whose timestamps carry an offset (`+00:00`) where the driver gives ISO 8601 in UTC with `Z`. Integers arrive as
 * numbers on both (amounts are minor units, far below 2^53).
 */
export function readJsonRows<R>(value: unknown, columns: JsonColumns<R>, orderBy: keyof R & string): R[] {
  const text = typeof value === 'string';
  const rows = (text ? JSON.parse(value) : value) as Array<Record<string, unknown>>;
  if (!Array.isArray(rows)) throw new TypeError('jsonRows: expected a JSON array');
  if (text) rows.sort((a, b) => compareAsSqlite(a[orderBy], b[orderBy]));
  const timestamps = columnsOf(columns).filter((name) => columns[name] === 'timestamp');
  for (const row of rows) {
    for (const name of timestamps) {
      const at = row[name];
      // Text timestamps (SQLite's) are kept as stored, as a plain read keeps them.
      if (typeof at === 'string' && !at.endsWith('Z')) row[name] = new Date(at).toISOString();
    }
  }
  return rows as R[];
}

/** SQLite's ascending order: NULL, then numbers, then text by code unit (its BINARY collation, for ASCII keys). */
function compareAsSqlite(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null || v === undefined ? 0 : typeof v === 'number' ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (rank(a) === 0) return 0;
  const [x, y] = rank(a) === 1 ? [a as number, b as number] : [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
