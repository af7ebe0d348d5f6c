import type { Migration } from '../migration-types.js';

/**
 * Carts and guest checkout (ADR-036): carts (a customer's, or a guest's reached by the SHA-256 of its token), their
 * items (one row per variant) and the promotion codes entered; orders gain the breakdown completion writes (email,
 * guest order token hash, addresses, shipping, totals and the engine's `Totals` as JSON). Older orders keep
 * neutral values: 0 for the new amounts, null for the rest, and their `total` unchanged.
 */
export const migration0011Carts: Migration = {
  name: '0011-carts',
  async up(db, types) {
    await db.schema
      .createTable('carts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.references('users.id'))
      .addColumn('token_hash', 'text')
      .addColumn('email', 'text')
      .addColumn('region_id', 'text')
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('shipping_address', 'text')
      .addColumn('billing_address', 'text')
      .addColumn('shipping_method_id', 'text')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('order_id', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('carts_user_idx').on('carts').columns(['user_id', 'status']).execute();
    await db.schema.createIndex('carts_expiry_idx').on('carts').columns(['status', 'updated_at']).execute();

    await db.schema
      .createTable('cart_items')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('cart_id', 'text', (col) => col.notNull().references('carts.id'))
      .addColumn('variant_id', 'text', (col) => col.notNull())
      .addColumn('quantity', 'integer', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addUniqueConstraint('cart_items_variant_unique', ['cart_id', 'variant_id'])
      .execute();

    await db.schema
      .createTable('cart_promotions')
      .addColumn('cart_id', 'text', (col) => col.notNull().references('carts.id'))
      .addColumn('promotion_id', 'text', (col) => col.notNull())
      .addColumn('code', 'text', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('cart_promotions_pk', ['cart_id', 'promotion_id'])
      .execute();

    const addToOrders: Array<[string, 'text' | 'bigint' | 'boolean', boolean]> = [
      ['email', 'text', false],
      ['token_hash', 'text', false],
      ['cart_id', 'text', false],
      ['region_id', 'text', false],
      ['subtotal', 'bigint', true],
      ['discount_total', 'bigint', true],
      ['shipping_total', 'bigint', true],
      ['tax_total', 'bigint', true],
      ['prices_include_tax', 'boolean', false],
      ['shipping_address', 'text', false],
      ['billing_address', 'text', false],
      ['shipping_method_id', 'text', false],
      ['shipping_method_name', 'text', false],
      ['breakdown', 'text', false],
    ];
    for (const [name, type, money] of addToOrders) {
      const columnType = type === 'text' ? 'text' : types[type];
      await db.schema
        .alterTable('orders')
        .addColumn(name, columnType, (col) => (money ? col.notNull().defaultTo(0) : col))
        .execute();
    }
    // One order per cart, whatever races: the second completion of a cart fails here if nothing else stops it.
    await db.schema.createIndex('orders_cart_unique').on('orders').column('cart_id').unique().execute();

    for (const name of ['discount_total', 'tax_total']) {
      await db.schema
        .alterTable('order_items')
        .addColumn(name, types.bigint, (col) => col.notNull().defaultTo(0))
        .execute();
    }
    await db.schema
      .alterTable('order_items')
      .addColumn('tax_rate', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    // Null for lines written before carts: their total is their line_total.
    await db.schema.alterTable('order_items').addColumn('total', types.bigint).execute();
  },
};
