import type { Migration } from '../migration-types.js';

/**
 * Product media (`modules/media/`): one row per image, its bytes in the blob store under `media/<id>`. The type,
 * size and dimensions are those read from the bytes at upload.
 */
export const migration0009ProductMedia: Migration = {
  name: '0009-product-media',
  async up(db, types) {
    await db.schema
      .createTable('product_media')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('filename', 'text')
      .addColumn('size', types.bigint, (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('alt', 'text')
      .addColumn('position', 'integer', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('product_media_product_idx')
      .on('product_media')
      .columns(['product_id', 'position'])
      .execute();
  },
};
