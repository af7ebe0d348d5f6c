import { type Kysely, sql } from 'kysely';
import type { Executor } from '../database-types.js';
import type { ProductSearchIndex } from './product-search-index.js';

/**
 * FTS5 with the unicode61 tokenizer (diacritics removed as well, for text folded elsewhere) and prefix indexes for
 * 2- and 3-character prefixes, which keep short prefix queries from scanning the whole term list. Ranked by bm25.
 */
export const sqliteProductSearch: ProductSearchIndex = {
  // biome-ignore lint/suspicious/noExplicitAny: see ProductSearchIndex
  async createIndex(db: Kysely<any>) {
    await sql`CREATE VIRTUAL TABLE product_search USING fts5(
      product_id UNINDEXED,
      body,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    )`.execute(db);
  },

  async write(db: Executor, productId: string, foldedText: string) {
    await sql`DELETE FROM product_search WHERE product_id = ${productId}`.execute(db);
    await sql`INSERT INTO product_search (product_id, body) VALUES (${productId}, ${foldedText})`.execute(db);
  },

  async clear(db: Executor) {
    await sql`DELETE FROM product_search`.execute(db);
  },

  // Terms are folded to letters and digits only, so quoting them makes each a literal FTS5 string with a prefix star.
  matches(terms: string[]) {
    const expression = terms.map((term) => `"${term}"*`).join(' ');
    return sql`(SELECT product_id, bm25(product_search) AS rank FROM product_search WHERE product_search MATCH ${expression})`;
  },
};
