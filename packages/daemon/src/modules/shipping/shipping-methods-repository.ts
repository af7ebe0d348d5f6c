import { type ShippingMethod, ShippingRuleSchema } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { type Executor, isTrue, type ShippingMethodsTable } from '../../db/database-types.js';

export type ShippingMethodRow = Selectable<ShippingMethodsTable>;

const amountOrNull = (value: number | null) => (value === null ? null : Number(value));

export function toShippingMethod(row: ShippingMethodRow): ShippingMethod {
  return {
    id: row.id,
    object: 'shipping_method',
    regionId: row.region_id,
    name: row.name,
    currency: row.currency,
    rule: ShippingRuleSchema.parse(JSON.parse(row.rule)),
    minSubtotal: amountOrNull(row.min_subtotal),
    maxSubtotal: amountOrNull(row.max_subtotal),
    active: isTrue(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Table `shipping_methods`, owned by the shipping module. */
export function shippingMethodsRepository(db: Executor) {
  return {
    find: (id: string) =>
      db.selectFrom('shipping_methods').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The active methods of a region, oldest first. */
    activeInRegion: (regionId: string) =>
      db
        .selectFrom('shipping_methods')
        .selectAll()
        .where('region_id', '=', regionId)
        .where('active', '=', 1)
        .orderBy('id')
        .execute(),

    async countInRegion(regionId: string): Promise<number> {
      const row = await db
        .selectFrom('shipping_methods')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('region_id', '=', regionId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async list(
      limit: number,
      startingAfter: string | undefined,
      filter: { regionId?: string | undefined; active?: boolean | undefined },
    ) {
      let query = db.selectFrom('shipping_methods').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      if (filter.regionId) query = query.where('region_id', '=', filter.regionId);
      if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    insert: (row: ShippingMethodRow) => db.insertInto('shipping_methods').values(row).execute(),
    update: (id: string, changes: Partial<Omit<ShippingMethodRow, 'id'>>) =>
      db.updateTable('shipping_methods').set(changes).where('id', '=', id).execute(),
    remove: (id: string) => db.deleteFrom('shipping_methods').where('id', '=', id).execute(),
  };
}
