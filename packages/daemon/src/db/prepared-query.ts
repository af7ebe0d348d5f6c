import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type DialectAdapter,
  type Insertable,
  type QueryResult,
} from 'kysely';
import type { Executor, Tables } from './database-types.js';
import { nameStatement } from './statement-names.js';

/** Stands in a statement for a value given on every run; compiled into the parameter list where it is used. */
class Slot {
  constructor(
    readonly name: string,
    readonly row = 0,
  ) {}
}

/** One run of a compiled statement: its own values, and its own query id, as a freshly built query has. */
function run<O>(query: CompiledQuery<O>, parameters: readonly unknown[]): CompiledQuery<O> {
  return { ...query, parameters, queryId: createQueryId() };
}

/** The compiled statements of one prepared query, per dialect: one Kysely instance (and its transactions) shares one adapter. */
function perDialect<T>() {
  const byAdapter = new WeakMap<DialectAdapter, T>();
  return (db: Executor, make: () => T): T => {
    const adapter = db.getExecutor().adapter;
    let value = byAdapter.get(adapter);
    if (value === undefined) {
      value = make();
      byAdapter.set(adapter, value);
    }
    return value;
  };
}

/** Builds the statement with `param(name)` wherever a run gives its own value. */
export type PreparedBuilder<P, O> = (
  db: Executor,
  param: <K extends keyof P & string>(name: K) => P[K],
) => Compilable<O>;

interface Compiled<O> {
  query: CompiledQuery<O>;
  /** Per parameter of the compiled statement: the name of the value a run gives, or null for a fixed value. */
  slots: Array<string | null>;
}

function compile<P, O>(db: Executor, build: PreparedBuilder<P, O>): Compiled<O> {
  const named = new Set<string>();
  const query = build(db, (name) => {
    named.add(name);
    return new Slot(name) as never;
  }).compile();
  const slots = query.parameters.map((value) => (value instanceof Slot ? value.name : null));
  nameStatement(query.sql);
  for (const name of named) {
    // A value Kysely wrote into the SQL text (not a parameter) cannot change per run: refuse the statement.
    if (!slots.includes(name)) throw new Error(`prepared query: param('${name}') is not a parameter`);
  }
  return { query, slots };
}

/**
 * A statement of fixed shape that a hot path runs on every request (an order's insert, an outbox event), built and
 * compiled once per dialect, then run with new values: Kysely's building and compiling cost more than SQLite's
 * execution of most of our statements (ADR-049). The result goes through `executeQuery`, so plugins, the commit
 * work and query deadlines apply as to any query. Only values vary: a statement whose SQL depends on its input
 * (an `in` list, optional columns) stays an ordinary builder.
 */
export function preparedQuery<P extends object, O = unknown>(build: PreparedBuilder<P, O>) {
  const compiledFor = perDialect<Compiled<O>>();
  return {
    execute(db: Executor, values: P): Promise<QueryResult<O>> {
      const { query, slots } = compiledFor(db, () => compile(db, build));
      const parameters = query.parameters.map((fixed, index) => {
        const name = slots[index];
        if (!name) return fixed;
        const value = values[name as keyof P];
        // Kysely leaves an undefined value out of the statement; here the statement is fixed, so say null.
        if (value === undefined) throw new Error(`prepared query: no value for '${name}'`);
        return value;
      });
      return db.executeQuery<O>(run(query, parameters));
    },
  };
}

/** Shapes kept per insert: row counts beyond the common few take the ordinary builder. */
const MAX_INSERT_SHAPES = 32;

/** The columns a row gives a value (Kysely leaves undefined ones out of an insert). */
function definedColumns(row: object): string[] {
  return Object.keys(row).filter((column) => (row as Record<string, unknown>)[column] !== undefined);
}

/**
 * `insertInto(table).values(rows)` compiled once per shape (row count and defined columns), for the inserts a hot
 * path makes on every request. The same statement Kysely would build; rows whose columns differ from each other,
 * and shapes beyond the first few, take the ordinary builder.
 */
export function preparedInsert<T extends keyof Tables>(table: T) {
  const compiledFor = perDialect<Map<string, CompiledQuery>>();
  return {
    execute(
      db: Executor,
      rows: Insertable<Tables[T]> | readonly Insertable<Tables[T]>[],
    ): Promise<QueryResult<unknown>> {
      const list = (Array.isArray(rows) ? rows : [rows]) as readonly object[];
      const signature = definedColumns(list[0] ?? {}).join(',');
      const uniform =
        signature !== '' &&
        list.every((row, index) => index === 0 || definedColumns(row).join(',') === signature);
      const shapes = compiledFor(db, () => new Map());
      const key = `${list.length}:${signature}`;
      let query = uniform ? shapes.get(key) : undefined;
      if (!query) {
        if (!uniform || shapes.size >= MAX_INSERT_SHAPES) {
          return db.executeQuery(db.insertInto(table).values(rows as never));
        }
        const columns = signature.split(',');
        const slotted = list.map((_, row) =>
          Object.fromEntries(columns.map((column) => [column, new Slot(column, row)])),
        );
        query = db
          .insertInto(table)
          .values(slotted as never)
          .compile();
        nameStatement(query.sql);
        shapes.set(key, query);
      }
      const parameters = query.parameters.map((slot) =>
        slot instanceof Slot ? (list[slot.row] as Record<string, unknown>)[slot.name] : slot,
      );
      return db.executeQuery(run(query, parameters));
    },
  };
}
