import { type Kysely, sql } from 'kysely';
import type { Executor } from '../database-types.js';
import type { ProductSearchIndex } from './product-search-index.js';

/**
 * A generated `tsvector` (the `simple` configuration: no stemming, so results match SQLite's) with a GIN index.
 * Ranked by `ts_rank`, negated so that lower is more relevant as on SQLite, and cast to float8 so a rank compares
 * equal to itself when a cursor query recomputes it.
 */
export const postgresProductSearch: ProductSearchIndex = {
  // biome-ignore lint/suspicious/noExplicitAny: see ProductSearchIndex
  async createIndex(db: Kysely<any>) {
    await sql`CREATE TABLE product_search (
      product_id text PRIMARY KEY REFERENCES products(id),
      body text NOT NULL,
      document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
    )`.execute(db);
    await sql`CREATE INDEX product_search_document_idx ON product_search USING gin (document)`.execute(db);
  },

  async write(db: Executor, productId: string, foldedText: string) {
    await sql`INSERT INTO product_search (product_id, body) VALUES (${productId}, ${foldedText})
      ON CONFLICT (product_id) DO UPDATE SET body = excluded.body`.execute(db);
  },

  async clear(db: Executor) {
    await sql`DELETE FROM product_search`.execute(db);
  },

  matches(terms: string[]) {
    const expression = terms.map((term) => `${term}:*`).join(' & ');
    return sql`(SELECT product_id, (-ts_rank(document, to_tsquery('simple', ${expression})))::float8 AS rank
      FROM product_search WHERE document @@ to_tsquery('simple', ${expression}))`;
  },
};
