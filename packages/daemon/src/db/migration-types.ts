import type { ColumnDataType, Kysely } from 'kysely';
import type { DialectName } from './database-types.js';
import type { ProductSearchIndex } from './search/product-search-index.js';

/**
 * Column types that differ between the dialects, so that one migration serves both.
 * This is the only place migrations learn which dialect they run on.
 */
export interface ColumnTypes {
  /** `timestamptz` on PostgreSQL, ISO 8601 `text` on SQLite. */
  timestamp: ColumnDataType;
  /** 64-bit integer (money in minor units, counters). */
  bigint: ColumnDataType;
  /** `jsonb` on PostgreSQL, `text` holding JSON on SQLite. */
  json: ColumnDataType;
  /** `boolean` on PostgreSQL, `integer` 0/1 on SQLite. */
  boolean: ColumnDataType;
  /** Bytes: `bytea` on PostgreSQL, `blob` on SQLite. */
  binary: ColumnDataType;
}

export function columnTypesFor(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', bigint: 'bigint', json: 'jsonb', boolean: 'boolean', binary: 'bytea' }
    : { timestamp: 'text', bigint: 'integer', json: 'text', boolean: 'integer', binary: 'blob' };
}

/** A forward-only migration. Migrations are never edited once released; a change is a new migration. */
export interface Migration {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not today's types
  up(db: Kysely<any>, types: ColumnTypes, indexes: MigrationIndexes): Promise<void>;
}

/** Dialect-specific structures that migrations create through their adapters. */
export interface MigrationIndexes {
  productSearch: ProductSearchIndex;
}
