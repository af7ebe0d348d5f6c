import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';
import { foldSearchText } from '../search/search-text.js';

/**
 * Catalog v2 (ADR-027): variants own SKUs, prices (one per currency), stock, weight and tax category; products get
 * a handle and options; collections; the full-text index. Every existing product becomes a product with one default
 * variant carrying its SKU, price and stock (variant ID = product ID with the `var_` prefix, so order lines and
 * stock adjustments map without a lookup table). The retired product columns keep neutral values (see
 * `ProductsTable`).
 */
export const migration0007CatalogVariants: Migration = {
  name: '0007-catalog-variants',
  async up(db, types, indexes) {
    await db.schema.alterTable('products').addColumn('handle', 'text').execute();
    await db.schema
      .alterTable('products')
      .addColumn('options', 'text', (col) => col.notNull().defaultTo('[]'))
      .execute();

    await db.schema
      .createTable('variants')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
      .addColumn('sku', 'text', (col) => col.notNull().unique())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('options', 'text', (col) => col.notNull())
      .addColumn('stock', types.bigint)
      .addColumn('grams', types.bigint)
      .addColumn('tax_category', 'text')
      .addColumn('active', types.boolean, (col) => col.notNull())
      .addColumn('position', 'integer', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('variants_stock_non_negative', sql`stock IS NULL OR stock >= 0`)
      .addCheckConstraint('variants_grams_non_negative', sql`grams IS NULL OR grams >= 0`)
      .execute();
    await db.schema
      .createIndex('variants_product_idx')
      .on('variants')
      .columns(['product_id', 'position'])
      .execute();

    await db.schema
      .createTable('variant_prices')
      .addColumn('variant_id', 'text', (col) => col.notNull().references('variants.id'))
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('amount', types.bigint, (col) => col.notNull())
      .addColumn('position', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('variant_prices_pk', ['variant_id', 'currency'])
      .addCheckConstraint('variant_prices_amount_non_negative', sql`amount >= 0`)
      .execute();
    await db.schema
      .createIndex('variant_prices_currency_idx')
      .on('variant_prices')
      .columns(['currency', 'amount'])
      .execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('handle', 'text', (col) => col.notNull().unique())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('collection_products')
      .addColumn('collection_id', 'text', (col) => col.notNull().references('collections.id'))
      .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
      .addColumn('position', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('collection_products_pk', ['collection_id', 'product_id'])
      .execute();
    await db.schema
      .createIndex('collection_products_product_idx')
      .on('collection_products')
      .column('product_id')
      .execute();

    await db.schema
      .alterTable('order_items')
      .addColumn('variant_id', 'text', (col) => col.references('variants.id'))
      .execute();
    await db.schema
      .alterTable('stock_adjustments')
      .addColumn('variant_id', 'text', (col) => col.references('variants.id'))
      .execute();

    // `1 = 1` is a boolean on PostgreSQL and the integer 1 on SQLite: each dialect's "true" for the active column.
    await sql`INSERT INTO variants (id, product_id, sku, title, options, stock, grams, tax_category, active, position, created_at, updated_at)
      SELECT 'var_' || substr(id, 5), id, sku, 'Default', '{}', stock, NULL, NULL, 1 = 1, 0, created_at, updated_at
      FROM products`.execute(db);
    await sql`INSERT INTO variant_prices (variant_id, currency, amount, position)
      SELECT 'var_' || substr(id, 5), currency, price, 0 FROM products`.execute(db);
    await sql`UPDATE order_items SET variant_id = 'var_' || substr(product_id, 5)`.execute(db);
    await sql`UPDATE stock_adjustments SET variant_id = 'var_' || substr(product_id, 5)`.execute(db);
    await sql`UPDATE products SET sku = id, price = 0, currency = 'XXX', stock = NULL`.execute(db);

    await indexes.productSearch.createIndex(db);
    const taken = new Set<string>();
    const products = await db
      .selectFrom('products')
      .innerJoin('variants', 'variants.product_id', 'products.id')
      .select(['products.id', 'products.name', 'products.description', 'variants.sku'])
      .orderBy('products.id')
      .execute();
    for (const product of products as Array<{
      id: string;
      name: string;
      description: string | null;
      sku: string;
    }>) {
      // Imported here, not at the top: every start loads the migrations, and only this backfill needs it.
      const { default: slugify } = await import('@sindresorhus/slugify');
      const base = slugify(product.name) || 'product';
      let handle = base;
      for (let n = 2; taken.has(handle); n++) handle = `${base}-${n}`;
      taken.add(handle);
      await db.updateTable('products').set({ handle }).where('id', '=', product.id).execute();
      const text = foldSearchText([product.name, product.description ?? '', product.sku].join(' '));
      await indexes.productSearch.write(db, product.id, text);
    }
    await db.schema.createIndex('products_handle_idx').on('products').column('handle').unique().execute();
  },
};
