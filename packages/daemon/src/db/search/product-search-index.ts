import type { Kysely, RawBuilder } from 'kysely';
import type { Executor } from '../database-types.js';

/** One matching product and its relevance: lower `rank` is more relevant on every dialect. */
export interface SearchMatch {
  product_id: string;
  rank: number;
}

/**
 * The full-text index over products, one implementation per dialect (SQLite FTS5, PostgreSQL tsvector + GIN).
 * Documents and queries arrive already folded (`search-text.ts`); the index only stores words and ranks matches.
 */
export interface ProductSearchIndex {
  /** Creates the index's table (migration 0007). */
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not today's types
  createIndex(db: Kysely<any>): Promise<void>;
  /** Replaces the document of a product, inside the caller's transaction. */
  write(db: Executor, productId: string, foldedText: string): Promise<void>;
  /** Empties the index (before a rebuild, e.g. after `tillpointd import`). */
  clear(db: Executor): Promise<void>;
  /** A derived table `(product_id, rank)` of the products whose document has every term as a word prefix. */
  matches(terms: string[]): RawBuilder<SearchMatch>;
}
