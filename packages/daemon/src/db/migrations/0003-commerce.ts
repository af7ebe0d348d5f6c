import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';

/**
 * Catalog, orders, payments, refunds, the event outbox, idempotency records and processed provider
 * webhooks. Money columns are 64-bit integers of minor units.
 */
export const migration0003Commerce: Migration = {
  name: '0003-commerce',
  async up(db, types) {
    await db.schema
      .createTable('products')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('sku', 'text', (col) => col.notNull().unique())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('price', types.bigint, (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('active', types.boolean, (col) => col.notNull())
      .addColumn('stock', types.bigint)
      .addColumn('metadata', 'text', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('products_stock_non_negative', sql`stock IS NULL OR stock >= 0`)
      .addCheckConstraint('products_price_non_negative', sql`price >= 0`)
      .execute();

    await db.schema
      .createTable('stock_adjustments')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
      .addColumn('delta', types.bigint, (col) => col.notNull())
      .addColumn('reason', 'text', (col) => col.notNull())
      .addColumn('stock_after', types.bigint, (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('stock_adjustments_product_idx')
      .on('stock_adjustments')
      .column('product_id')
      .execute();

    await db.schema
      .createTable('orders')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.references('users.id'))
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('total', types.bigint, (col) => col.notNull())
      .addColumn('amount_paid', types.bigint, (col) => col.notNull())
      .addColumn('amount_refunded', types.bigint, (col) => col.notNull())
      .addColumn('payment_due_at', types.timestamp)
      .addColumn('active_payment_id', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('orders_refund_within_paid', sql`amount_refunded <= amount_paid`)
      .execute();
    await db.schema.createIndex('orders_user_idx').on('orders').columns(['user_id', 'id']).execute();
    await db.schema
      .createIndex('orders_status_idx')
      .on('orders')
      .columns(['status', 'payment_due_at'])
      .execute();
    await db.schema.createIndex('orders_created_idx').on('orders').column('created_at').execute();

    await db.schema
      .createTable('order_items')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id'))
      .addColumn('product_id', 'text', (col) => col.notNull().references('products.id'))
      .addColumn('sku', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('unit_price', types.bigint, (col) => col.notNull())
      .addColumn('quantity', types.bigint, (col) => col.notNull())
      .addColumn('line_total', types.bigint, (col) => col.notNull())
      .addColumn('stock_reserved', types.boolean, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute();

    await db.schema
      .createTable('order_status_history')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id'))
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (col) => col.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('order_status_history_order_idx')
      .on('order_status_history')
      .column('order_id')
      .execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('order_id', 'text', (col) => col.notNull().references('orders.id'))
      .addColumn('provider', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('amount', types.bigint, (col) => col.notNull())
      .addColumn('amount_captured', types.bigint, (col) => col.notNull())
      .addColumn('amount_refunded', types.bigint, (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('provider_reference', 'text')
      .addColumn('failure_code', 'text')
      .addColumn('failure_message', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('payments_refund_within_captured', sql`amount_refunded <= amount_captured`)
      .addCheckConstraint('payments_capture_within_amount', sql`amount_captured <= amount`)
      .execute();
    await db.schema.createIndex('payments_order_idx').on('payments').column('order_id').execute();
    await db.schema
      .createIndex('payments_provider_ref_idx')
      .on('payments')
      .columns(['provider', 'provider_reference'])
      .execute();

    await db.schema
      .createTable('payment_status_history')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('payment_id', 'text', (col) => col.notNull().references('payments.id'))
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('refunds')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('payment_id', 'text', (col) => col.notNull().references('payments.id'))
      .addColumn('amount', types.bigint, (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('reason', 'text')
      .addColumn('provider_reference', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('refunds_payment_idx').on('refunds').column('payment_id').execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('subject_id', 'text', (col) => col.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('data', 'text', (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('events_subject_idx').on('events').columns(['subject_id', 'id']).execute();
    await db.schema.createIndex('events_type_idx').on('events').columns(['type', 'id']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('scope', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('request_hash', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('expires_at', types.timestamp, (col) => col.notNull())
      .addUniqueConstraint('idempotency_keys_scope_key', ['scope', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_keys_expires_idx')
      .on('idempotency_keys')
      .column('expires_at')
      .execute();

    await db.schema
      .createTable('processed_webhooks')
      .addColumn('provider', 'text', (col) => col.notNull())
      .addColumn('event_id', 'text', (col) => col.notNull())
      .addColumn('received_at', types.timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('processed_webhooks_pk', ['provider', 'event_id'])
      .execute();
  },
};
