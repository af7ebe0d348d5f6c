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

/**
 * Stands in a statement for a value given on every run; compiled into the parameter list where it is used. `row`
 * is the row of a multi-row insert, or the element of a list value (`element`).
 */
class Slot {
  constructor(
    readonly name: string,
    readonly row = 0,
    readonly element = false,
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

/** The names of a query's values that are lists (`list(name)` in the builder). */
type ListKeys<P> = { [K in keyof P & string]: P[K] extends readonly unknown[] ? K : never }[keyof P & string];

/**
 * Builds the statement with `param(name)` wherever a run gives its own value, and `list(name)` wherever a run gives
 * a list (an `in` list): one stand-in per element, so the statement is compiled once per list length.
 */
export type PreparedBuilder<P, O> = (
  db: Executor,
  param: <K extends keyof P & string>(name: K) => P[K],
  list: <K extends ListKeys<P>>(name: K) => P[K],
) => Compilable<O>;

interface Compiled<O> {
  query: CompiledQuery<O>;
  /** Per parameter of the compiled statement: the value a run gives, or null for a fixed value. */
  slots: Array<Slot | null>;
}

function compile<P extends object, O>(db: Executor, build: PreparedBuilder<P, O>, values: P): Compiled<O> {
  const named = new Set<string>();
  const query = build(
    db,
    (name) => {
      named.add(name);
      return new Slot(name) as never;
    },
    (name) => {
      const length = listValue(values, name).length;
      if (length > 0) named.add(name);
      return Array.from({ length }, (_, index) => new Slot(name, index, true)) as never;
    },
  ).compile();
  const slots = query.parameters.map((value) => (value instanceof Slot ? value : null));
  nameStatement(query.sql);
  for (const name of named) {
    // A value Kysely wrote into the SQL text (not a parameter) cannot change per run: refuse the statement.
    if (!slots.some((slot) => slot?.name === name))
      throw new Error(`prepared query: param('${name}') is not a parameter`);
  }
  return { query, slots };
}

/**
 * A `list(name)` value. Anything but an array would compile to a wrong statement (a string: one stand-in per
 * character), so it is refused.
 */
function listValue(values: object, name: string): readonly unknown[] {
  const value = (values as Record<string, unknown>)[name];
  if (!Array.isArray(value)) throw new Error(`prepared query: list('${name}') needs an array`);
  return value;
}

/** The run's value for one stand-in. */
function slotValue(values: object, slot: Slot): unknown {
  const value = (values as Record<string, unknown>)[slot.name];
  // Kysely leaves an undefined value out of the statement; here the statement is fixed, so say null.
  if (value === undefined) throw new Error(`prepared query: no value for '${slot.name}'`);
  return slot.element ? (value as readonly unknown[])[slot.row] : value;
}

/** The lengths of a run's list values: statements differ only by them (empty for a query without lists). */
function shapeOf(values: object): string {
  let shape = '';
  for (const name in values) {
    const value = (values as Record<string, unknown>)[name];
    if (Array.isArray(value)) shape += `${name}:${value.length},`;
  }
  return shape;
}

/** Statement shapes kept per prepared query: longer or rarer lists beyond these take the ordinary builder. */
const MAX_LIST_SHAPES = 32;

/**
 * A statement of fixed shape that a hot path runs on every request (an order's insert, an outbox event), built and
 * compiled once per dialect, then run with new values: Kysely's building and compiling cost more than SQLite's
 * execution of most of our statements (ADR-049). The result goes through `executeQuery`, so plugins, the commit
 * work and query deadlines apply as to any query. Only values vary, and the length of `list(name)` values: one
 * statement per length (ADR-054), the first few kept; a statement whose SQL depends on its input in other ways
 * (optional columns) stays an ordinary builder.
 */
export function preparedQuery<P extends object, O = unknown>(build: PreparedBuilder<P, O>) {
  const compiledFor = perDialect<Map<string, Compiled<O>>>();
  return {
    execute(db: Executor, values: P): Promise<QueryResult<O>> {
      const shapes = compiledFor(db, () => new Map());
      const shape = shapeOf(values);
      let compiled = shapes.get(shape);
      if (!compiled) {
        if (shapes.size >= MAX_LIST_SHAPES) return db.executeQuery(builtWith(db, build, values));
        compiled = compile(db, build, values);
        shapes.set(shape, compiled);
      }
      const { query, slots } = compiled;
      const parameters = query.parameters.map((fixed, index) => {
        const slot = slots[index];
        return slot ? slotValue(values, slot) : fixed;
      });
      return db.executeQuery(run(query, parameters));
    },
  };
}

/** The statement built the ordinary way, with this run's values in it (a shape past the ones kept). */
function builtWith<P extends object, O>(
  db: Executor,
  build: PreparedBuilder<P, O>,
  values: P,
): CompiledQuery<O> {
  const given = (name: string) => {
    const value = (values as Record<string, unknown>)[name];
    if (value === undefined) throw new Error(`prepared query: no value for '${name}'`);
    return value as never;
  };
  return build(db, given, (name) => listValue(values, name) as never).compile();
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
