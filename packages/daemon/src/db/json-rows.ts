import { type Expression, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { columnsOf } from './column-lists.js';
import type { Executor } from './database-types.js';

/** How a column's value comes back through JSON: as it is, or a timestamp to bring to the driver's shape. */
export type JsonColumnKind = 'value' | 'timestamp';

/** Every column of a row type, with its kind: a missing or extra column is a compile error. */
export type JsonColumns<R> = { readonly [K in keyof R]-?: JsonColumnKind };

/**
 * A subquery's rows as one JSON array in the outer row, ordered by `orderBy`, so a parent and its children come
 * back in one statement (one round trip, one read transaction) instead of one per table (ADR-050). The subquery
 * (a Kysely select, which compiles in parentheses) must select exactly `columns`. Each dialect aggregates with its
 * own JSON functions; the order is set inside the aggregate, never left to the subquery.
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
  return sql`(select coalesce(json_group_array(json_object(${pairs}) order by ${order}), '[]') from ${subquery} as agg)`;
}

/**
 * The rows of a `jsonRows` column in the shapes a plain read gives: SQLite answers JSON text; PostgreSQL answers
 * parsed JSON whose timestamps carry an offset (`+00:00`) where the driver gives ISO 8601 in UTC with `Z`. Integers
 * arrive as numbers on both (amounts are minor units, far below 2^53).
 */
export function readJsonRows<R>(value: unknown, columns: JsonColumns<R>): R[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as Array<Record<string, unknown>>;
  if (!Array.isArray(rows)) throw new TypeError('jsonRows: expected a JSON array');
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
