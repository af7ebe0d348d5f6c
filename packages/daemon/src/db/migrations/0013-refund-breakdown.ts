import type { Migration } from '../migration-types.js';

/**
 * `refunds.breakdown`: what a refund returned line by line and on shipping (JSON, the totals engine's refund plan),
 * so that later refunds of the same order are planned against what is left of each line. Null for refunds of orders
 * placed without a cart, and for refunds made before this migration.
 */
export const migration0013RefundBreakdown: Migration = {
  name: '0013-refund-breakdown',
  async up(db) {
    await db.schema.alterTable('refunds').addColumn('breakdown', 'text').execute();
  },
};
