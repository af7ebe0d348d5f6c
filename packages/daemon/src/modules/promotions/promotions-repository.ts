import type { Price, Promotion, PromotionDiscount, PromotionTarget } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import {
  type Executor,
  isTrue,
  type PromotionAmountsTable,
  type PromotionsTable,
  type PromotionTargetsTable,
} from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

export type PromotionRow = Selectable<PromotionsTable>;
type AmountRow = Selectable<PromotionAmountsTable>;
type TargetRow = Selectable<PromotionTargetsTable>;

/** See `takeUse`: every completion with a promotion runs it. */
const takeOneUse = preparedQuery<
  { promotionId: string },
  Pick<PromotionRow, 'usage_count' | 'usage_limit' | 'per_customer_limit'>
>((db, param) =>
  db
    .updateTable('promotions')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('id', '=', param('promotionId'))
    .where((eb) => eb.or([eb('usage_limit', 'is', null), eb('usage_count', '<', eb.ref('usage_limit'))]))
    .returning(['usage_count', 'usage_limit', 'per_customer_limit']),
);

const prices = (rows: AmountRow[], kind: AmountRow['kind']): Price[] =>
  rows
    .filter((r) => r.kind === kind)
    .sort((a, b) => a.position - b.position)
    .map((r) => ({ currency: r.currency, amount: Number(r.amount) }));

const ids = (rows: TargetRow[], kind: TargetRow['kind']) =>
  rows
    .filter((r) => r.kind === kind)
    .sort((a, b) => a.position - b.position)
    .map((r) => r.target_id);

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));

/** A promotion as the API shows it, from its row and its amount and target rows (others are ignored). */
export function toPromotion(row: PromotionRow, amounts: AmountRow[], targets: TargetRow[]): Promotion {
  const own = amounts.filter((a) => a.promotion_id === row.id);
  const ownTargets = targets.filter((t) => t.promotion_id === row.id);
  const discount: PromotionDiscount =
    row.discount_type === 'percentage'
      ? { type: 'percentage', bps: Number(row.discount_bps) }
      : { type: 'fixed', amounts: prices(own, 'discount') };
  const target: PromotionTarget =
    row.target_type === 'items'
      ? {
          type: 'items',
          variantIds: ids(ownTargets, 'variant'),
          productIds: ids(ownTargets, 'product'),
          collectionIds: ids(ownTargets, 'collection'),
        }
      : { type: row.target_type };
  return {
    id: row.id,
    object: 'promotion',
    code: row.code,
    automatic: row.code === null,
    name: row.name,
    description: row.description,
    discount,
    target,
    minimumSubtotal: prices(own, 'minimum'),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    usageLimit: numberOrNull(row.usage_limit),
    usageCount: Number(row.usage_count),
    perCustomerLimit: numberOrNull(row.per_customer_limit),
    combinable: isTrue(row.combinable),
    active: isTrue(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Tables `promotions`, `promotion_amounts`, `promotion_targets` and `promotion_usages`, owned by this module. */
export function promotionsRepository(db: Executor) {
  return {
    find: (id: string) => db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst(),

    findByCode: (code: string) =>
      db.selectFrom('promotions').selectAll().where('code', '=', code).executeTakeFirst(),

    /** The promotions with these codes (already upper-cased), in no particular order. */
    findByCodes: (codes: readonly string[]) =>
      codes.length === 0
        ? Promise.resolve([])
        : db.selectFrom('promotions').selectAll().where('code', 'in', codes).execute(),

    findMany: (promotionIds: readonly string[]) =>
      promotionIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('promotions').selectAll().where('id', 'in', promotionIds).orderBy('id').execute(),

    /** Active promotions without a code, oldest first. */
    automatic: () =>
      db
        .selectFrom('promotions')
        .selectAll()
        .where('code', 'is', null)
        .where('active', '=', 1)
        .orderBy('id')
        .execute(),

    async codeTaken(code: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('promotions').select('id').where('code', '=', code);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    async list(
      limit: number,
      startingAfter: string | undefined,
      filter: { code?: string | undefined; active?: boolean | undefined },
    ) {
      let query = db.selectFrom('promotions').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      if (filter.code !== undefined) query = query.where('code', '=', filter.code);
      if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    amountsOf: (promotionIds: readonly string[]) =>
      promotionIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('promotion_amounts').selectAll().where('promotion_id', 'in', promotionIds).execute(),

    targetsOf: (promotionIds: readonly string[]) =>
      promotionIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('promotion_targets').selectAll().where('promotion_id', 'in', promotionIds).execute(),

    /** How often `customerKey` has used each of the promotions. */
    async usesBy(customerKey: string, promotionIds: readonly string[]): Promise<Map<string, number>> {
      if (promotionIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('promotion_usages')
        .select(['promotion_id', 'count'])
        .where('customer_key', '=', customerKey)
        .where('promotion_id', 'in', promotionIds)
        .execute();
      return new Map(rows.map((row) => [row.promotion_id, Number(row.count)]));
    },

    insert: (row: PromotionRow) => db.insertInto('promotions').values(row).execute(),
    update: (id: string, changes: Partial<Omit<PromotionRow, 'id' | 'usage_count'>>) =>
      db.updateTable('promotions').set(changes).where('id', '=', id).execute(),

    async setAmounts(promotionId: string, kind: AmountRow['kind'], list: readonly Price[]) {
      await db
        .deleteFrom('promotion_amounts')
        .where('promotion_id', '=', promotionId)
        .where('kind', '=', kind)
        .execute();
      if (list.length === 0) return;
      await db
        .insertInto('promotion_amounts')
        .values(list.map((price, position) => ({ promotion_id: promotionId, kind, ...price, position })))
        .execute();
    },

    async setTargets(promotionId: string, target: PromotionTarget) {
      await db.deleteFrom('promotion_targets').where('promotion_id', '=', promotionId).execute();
      if (target.type !== 'items') return;
      const rows = [
        ...target.variantIds.map((target_id, position) => ({
          kind: 'variant' as const,
          target_id,
          position,
        })),
        ...target.productIds.map((target_id, position) => ({
          kind: 'product' as const,
          target_id,
          position,
        })),
        ...target.collectionIds.map((target_id, position) => ({
          kind: 'collection' as const,
          target_id,
          position,
        })),
      ];
      // A repeated ID in one list would collide on the key; keep its first place.
      const seen = new Set<string>();
      const unique = rows.filter((r) => {
        const key = `${r.kind}:${r.target_id}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (unique.length === 0) return;
      await db
        .insertInto('promotion_targets')
        .values(unique.map((r) => ({ promotion_id: promotionId, ...r })))
        .execute();
    },

    /**
     * The guarded use: raises `usage_count` only while it is below `usage_limit` (or there is no limit), so
     * concurrent completions can never exceed the limit. Returns the new count and the limit, or undefined when
     * the promotion is exhausted or gone.
     */
    takeUse: async (promotionId: string) => (await takeOneUse.execute(db, { promotionId })).rows[0],

    giveBackUse: (promotionId: string) =>
      db
        .updateTable('promotions')
        .set((eb) => ({ usage_count: eb('usage_count', '-', 1) }))
        .where('id', '=', promotionId)
        .execute(),

    /**
     * The guarded per-customer use: inserts the customer's first use, or raises their count while it is below
     * `limit` (null: no limit). Returns the new count, or undefined when the customer has no uses left.
     */
    takeCustomerUse: (promotionId: string, customerKey: string, limit: number | null, at: string) =>
      db
        .insertInto('promotion_usages')
        .values({ promotion_id: promotionId, customer_key: customerKey, count: 1, updated_at: at })
        .onConflict((oc) => {
          const update = oc
            .columns(['promotion_id', 'customer_key'])
            .doUpdateSet((eb) => ({ count: eb('promotion_usages.count', '+', 1), updated_at: at }));
          return limit === null ? update : update.where('promotion_usages.count', '<', limit);
        })
        .returning('count')
        .executeTakeFirst(),

    async remove(id: string) {
      await db.deleteFrom('promotion_usages').where('promotion_id', '=', id).execute();
      await db.deleteFrom('promotion_targets').where('promotion_id', '=', id).execute();
      await db.deleteFrom('promotion_amounts').where('promotion_id', '=', id).execute();
      await db.deleteFrom('promotions').where('id', '=', id).execute();
    },
  };
}
