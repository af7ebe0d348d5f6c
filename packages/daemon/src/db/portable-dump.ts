import type { Kysely } from 'kysely';
import type { DatabaseHandle, Tables } from './database-types.js';
import { MIGRATIONS } from './migrations/index.js';

/** The dump format: JSON Lines, a header, one line per row, a summary. Bump `version` on any incompatible change. */
export const DUMP_FORMAT = 'tillpoint-dump';
export const DUMP_VERSION = 1;

/** Tables in foreign-key order: a table comes after every table it references. */
export const TABLE_ORDER = [
  'settings',
  'users',
  'sessions',
  'refresh_tokens',
  'api_keys',
  'password_resets',
  'products',
  'variants',
  'variant_prices',
  'collections',
  'collection_products',
  'product_media',
  'stock_adjustments',
  'orders',
  'order_items',
  'order_status_history',
  'payments',
  'payment_status_history',
  'refunds',
  'events',
  'idempotency_keys',
  'processed_webhooks',
  'jobs',
  'schedules',
  'webhook_endpoints',
  'webhook_deliveries',
  'audit_log',
  'regions',
  'region_countries',
  'tax_rates',
  'shipping_methods',
  'promotions',
  'promotion_amounts',
  'promotion_targets',
  'promotion_usages',
  'carts',
  'cart_items',
  'cart_promotions',
  'address_books',
  'saved_addresses',
] as const satisfies ReadonlyArray<keyof Tables>;
export type TableName = (typeof TABLE_ORDER)[number];

/** Primary-key columns per table (for keyset paging); `id` unless listed. */
const KEY_COLUMNS: Partial<Record<TableName, [string] | [string, string] | [string, string, string]>> = {
  settings: ['key'],
  processed_webhooks: ['provider', 'event_id'],
  variant_prices: ['variant_id', 'currency'],
  collection_products: ['collection_id', 'product_id'],
  region_countries: ['country_code'],
  promotion_amounts: ['promotion_id', 'kind', 'currency'],
  promotion_targets: ['promotion_id', 'kind', 'target_id'],
  promotion_usages: ['promotion_id', 'customer_key'],
  cart_promotions: ['cart_id', 'promotion_id'],
  address_books: ['user_id'],
};

/** Boolean columns: `integer` 0/1 on SQLite, `boolean` on PostgreSQL; dumped as JSON booleans. */
const BOOLEAN_COLUMNS: Partial<Record<TableName, string[]>> = {
  products: ['active'],
  variants: ['active'],
  order_items: ['stock_reserved'],
  jobs: ['cancel_requested'],
  schedules: ['paused', 'builtin'],
  regions: ['prices_include_tax'],
  tax_rates: ['applies_to_shipping'],
  shipping_methods: ['active'],
  promotions: ['combinable', 'active'],
  orders: ['prices_include_tax'],
  saved_addresses: ['is_default_shipping', 'is_default_billing'],
};

/** Money columns (integer minor units), summed per table to check a dump against its source. */
export const MONEY_COLUMNS: Partial<Record<TableName, string[]>> = {
  variant_prices: ['amount'],
  orders: [
    'total',
    'amount_paid',
    'amount_refunded',
    'subtotal',
    'discount_total',
    'shipping_total',
    'tax_total',
  ],
  order_items: ['unit_price', 'line_total', 'discount_total', 'tax_total'],
  payments: ['amount', 'amount_captured', 'amount_refunded'],
  refunds: ['amount'],
  shipping_methods: ['min_subtotal', 'max_subtotal'],
  promotion_amounts: ['amount'],
};

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: number;
  schema: string;
  dialect: string;
  exportedAt: string;
}

/** Rows and money totals per table: printed after export and import, and compared by the round-trip test. */
export type DumpSummary = Record<string, { rows: number; money: Record<string, number> }>;

const PAGE = 1_000;

/** The schema version a dump needs: the newest migration's name. */
export const currentSchema = () => MIGRATIONS.at(-1)!.name;

/** Row values in the dump's portable form (booleans as booleans), and back for a dialect. */
function toPortable(table: TableName, row: Record<string, unknown>) {
  for (const column of BOOLEAN_COLUMNS[table] ?? [])
    row[column] = row[column] === null ? null : row[column] === true || row[column] === 1;
  return row;
}
function fromPortable(table: TableName, row: Record<string, unknown>) {
  for (const column of BOOLEAN_COLUMNS[table] ?? [])
    row[column] = row[column] === null ? null : row[column] ? 1 : 0;
  return row;
}

function addToSummary(summary: DumpSummary, table: TableName, row: Record<string, unknown>) {
  summary[table] ??= { rows: 0, money: {} };
  const entry = summary[table];
  entry.rows += 1;
  for (const column of MONEY_COLUMNS[table] ?? []) {
    entry.money[column] = (entry.money[column] ?? 0) + Number(row[column] ?? 0);
  }
}

function emptySummary(): DumpSummary {
  return Object.fromEntries(
    TABLE_ORDER.map((table) => [
      table,
      { rows: 0, money: Object.fromEntries((MONEY_COLUMNS[table] ?? []).map((column) => [column, 0])) },
    ]),
  );
}

/**
 * Streams every table as JSON Lines from one consistent snapshot: a read-only REPEATABLE READ transaction on
 * PostgreSQL, a read transaction on SQLite (WAL readers see one snapshot while writers go on). Rows are read in
 * primary-key pages. The last line is the summary.
 */
export async function* exportDatabase(
  handle: DatabaseHandle,
  onTable?: (table: TableName, rows: number) => void,
): AsyncGenerator<string> {
  const summary = emptySummary();
  // A controlled transaction (not a callback) so rows can be yielded page by page while the snapshot holds.
  const begin = handle.capabilities.supportsConcurrentWriters
    ? handle.db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only')
    : handle.db.startTransaction();
  const header: DumpHeader = {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    schema: currentSchema(),
    dialect: handle.dialect,
    exportedAt: new Date().toISOString(),
  };
  yield `${JSON.stringify({ header })}\n`;
  const trx = await begin.execute();
  let committed = false;
  try {
    const reader = trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const table of TABLE_ORDER) {
      const keys = KEY_COLUMNS[table] ?? ['id'];
      let after: Record<string, unknown> | undefined;
      for (;;) {
        let query = reader.selectFrom(table).selectAll();
        if (after !== undefined) {
          const last = after;
          const value = (key: string) => last[key] as string;
          query = query.where((eb) => {
            const [a, b, c] = keys;
            if (b === undefined) return eb(a, '>', value(a));
            if (c === undefined) return eb(eb.refTuple(a, b), '>', eb.tuple(value(a), value(b)));
            return eb(eb.refTuple(a, b, c), '>', eb.tuple(value(a), value(b), value(c)));
          });
        }
        for (const key of keys) query = query.orderBy(key);
        const page = await query.limit(PAGE).execute();
        let chunk = '';
        for (const row of page) {
          addToSummary(summary, table, row);
          chunk += `${JSON.stringify({ table, row: toPortable(table, row) })}\n`;
        }
        if (chunk) yield chunk;
        if (page.length < PAGE) break;
        after = page.at(-1);
      }
      onTable?.(table, summary[table]!.rows);
    }
    await trx.commit().execute();
    committed = true;
  } finally {
    // Also when the reader stops early (the generator is returned): never leave the snapshot open.
    if (!committed) await trx.rollback().execute();
  }
  yield `${JSON.stringify({ summary })}\n`;
}

/** Why an import was refused, in words an operator can act on. */
export class DumpError extends Error {
  override name = 'DumpError';
}

/**
 * Loads a dump into an empty, migrated database in one transaction: all of it or nothing. Checks the header
 * (format, version, schema) first, and the rows and money totals against the dump's own summary at the end.
 */
export async function importDatabase(
  handle: DatabaseHandle,
  lines: AsyncIterable<string>,
  onTable?: (table: TableName, rows: number) => void,
): Promise<DumpSummary> {
  const db = handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (const table of TABLE_ORDER) {
    if (table === 'settings') continue;
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    if (Number(row?.n ?? 0) > 0) {
      throw new DumpError(`the target database is not empty (${table} has rows); import into a new database`);
    }
  }
  const summary = emptySummary();
  let expected: DumpSummary | undefined;
  let header: DumpHeader | undefined;
  await db.transaction().execute(async (trx) => {
    let batch: Record<string, unknown>[] = [];
    let batchTable: TableName | undefined;
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      if (batchTable === 'settings') {
        for (const row of batch) {
          await trx
            .deleteFrom('settings')
            .where('key', '=', row.key as string)
            .execute();
        }
      }
      await trx.insertInto(batchTable).values(batch).execute();
      batch = [];
    };
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === '') continue;
      let record: {
        header?: DumpHeader;
        table?: TableName;
        row?: Record<string, unknown>;
        summary?: DumpSummary;
      };
      try {
        record = JSON.parse(text);
      } catch {
        throw new DumpError(`line ${lineNumber} is not JSON; is this a tillpoint dump?`);
      }
      if (lineNumber === 1) {
        header = record.header;
        if (header?.format !== DUMP_FORMAT)
          throw new DumpError('not a tillpoint dump (no tillpoint-dump header)');
        if (header.version !== DUMP_VERSION) {
          throw new DumpError(
            `dump format version ${header.version} is not supported (this daemon reads ${DUMP_VERSION})`,
          );
        }
        if (header.schema !== currentSchema()) {
          throw new DumpError(
            `dump schema ${header.schema} differs from this daemon's ${currentSchema()}; use the same version`,
          );
        }
        continue;
      }
      if (record.summary) {
        expected = record.summary;
        continue;
      }
      const table = record.table;
      if (!table || !TABLE_ORDER.includes(table) || !record.row) {
        throw new DumpError(`line ${lineNumber} names no known table`);
      }
      if (table !== batchTable) {
        await flush();
        if (batchTable) onTable?.(batchTable, summary[batchTable]!.rows);
        batchTable = table;
      }
      addToSummary(summary, table, record.row);
      batch.push(fromPortable(table, record.row));
      if (batch.length >= 200) await flush();
    }
    await flush();
    if (batchTable) onTable?.(batchTable, summary[batchTable]!.rows);
    if (!expected) throw new DumpError('the dump has no summary line: it is truncated');
    for (const table of TABLE_ORDER) {
      if (JSON.stringify(summary[table]) !== JSON.stringify(expected[table] ?? summary[table])) {
        throw new DumpError(
          `${table}: the rows read do not match the dump's summary (truncated or edited dump)`,
        );
      }
    }
  });
  return summary;
}
