import { sql } from 'kysely';
import type { Migration } from '../migration-types.js';

/**
 * Checkout admin data (ADR-035): regions and their countries (a country in at most one region: the country is the
 * key of `region_countries`), tax rates, shipping methods, promotions with their per-currency amounts, targets and
 * per-customer usage. Money columns are integer minor units.
 */
export const migration0010CheckoutAdmin: Migration = {
  name: '0010-checkout-admin',
  async up(db, types) {
    await db.schema
      .createTable('regions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('prices_include_tax', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('region_countries')
      .addColumn('country_code', 'text', (col) => col.primaryKey())
      .addColumn('region_id', 'text', (col) => col.notNull().references('regions.id'))
      .addColumn('position', 'integer', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('region_countries_region_idx')
      .on('region_countries')
      .columns(['region_id', 'position'])
      .execute();

    await db.schema
      .createTable('tax_rates')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('region_id', 'text', (col) => col.notNull().references('regions.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('subdivision', 'text')
      .addColumn('tax_category', 'text')
      // `subdivision|category` with '' for none: NULLs never collide in a UNIQUE index, so the scope needs a key.
      .addColumn('scope', 'text', (col) => col.notNull())
      .addColumn('rate_bps', 'integer', (col) => col.notNull())
      .addColumn('applies_to_shipping', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addUniqueConstraint('tax_rates_scope_unique', ['region_id', 'scope'])
      .addCheckConstraint('tax_rates_rate_non_negative', sql`rate_bps >= 0`)
      .execute();

    await db.schema
      .createTable('shipping_methods')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('region_id', 'text', (col) => col.notNull().references('regions.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('rule', 'text', (col) => col.notNull())
      .addColumn('min_subtotal', types.bigint)
      .addColumn('max_subtotal', types.bigint)
      .addColumn('active', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('shipping_methods_region_idx')
      .on('shipping_methods')
      .columns(['region_id', 'id'])
      .execute();

    await db.schema
      .createTable('promotions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('code', 'text', (col) => col.unique())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('discount_type', 'text', (col) => col.notNull())
      .addColumn('discount_bps', 'integer')
      .addColumn('target_type', 'text', (col) => col.notNull())
      .addColumn('starts_at', types.timestamp)
      .addColumn('ends_at', types.timestamp)
      .addColumn('usage_limit', types.bigint)
      .addColumn('usage_count', types.bigint, (col) => col.notNull())
      .addColumn('per_customer_limit', types.bigint)
      .addColumn('combinable', types.boolean, (col) => col.notNull())
      .addColumn('active', types.boolean, (col) => col.notNull())
      .addColumn('created_at', types.timestamp, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addCheckConstraint('promotions_usage_count_non_negative', sql`usage_count >= 0`)
      .execute();
    await db.schema
      .createTable('promotion_amounts')
      .addColumn('promotion_id', 'text', (col) => col.notNull().references('promotions.id'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('currency', 'text', (col) => col.notNull())
      .addColumn('amount', types.bigint, (col) => col.notNull())
      .addColumn('position', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('promotion_amounts_pk', ['promotion_id', 'kind', 'currency'])
      .addCheckConstraint('promotion_amounts_non_negative', sql`amount >= 0`)
      .execute();
    await db.schema
      .createTable('promotion_targets')
      .addColumn('promotion_id', 'text', (col) => col.notNull().references('promotions.id'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('target_id', 'text', (col) => col.notNull())
      .addColumn('position', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('promotion_targets_pk', ['promotion_id', 'kind', 'target_id'])
      .execute();
    await db.schema
      .createTable('promotion_usages')
      .addColumn('promotion_id', 'text', (col) => col.notNull().references('promotions.id'))
      .addColumn('customer_key', 'text', (col) => col.notNull())
      .addColumn('count', types.bigint, (col) => col.notNull())
      .addColumn('updated_at', types.timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('promotion_usages_pk', ['promotion_id', 'customer_key'])
      .execute();
  },
};
