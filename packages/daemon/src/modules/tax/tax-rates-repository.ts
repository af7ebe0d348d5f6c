import type { TaxRate } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { type Executor, isTrue, type TaxRatesTable } from '../../db/database-types.js';

export type TaxRateRow = Selectable<TaxRatesTable>;

export function toTaxRate(row: TaxRateRow): TaxRate {
  return {
    id: row.id,
    object: 'tax_rate',
    regionId: row.region_id,
    name: row.name,
    subdivision: row.subdivision,
    taxCategory: row.tax_category,
    rateBps: Number(row.rate_bps),
    appliesToShipping: isTrue(row.applies_to_shipping),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The key that makes a rate unique within its region: one rate per subdivision and category. */
export function scopeOf(subdivision: string | null, taxCategory: string | null): string {
  return `${subdivision ?? ''}|${taxCategory ?? ''}`;
}

/** Table `tax_rates`, owned by the tax module. */
export function taxRatesRepository(db: Executor) {
  return {
    find: (id: string) => db.selectFrom('tax_rates').selectAll().where('id', '=', id).executeTakeFirst(),

    async scopeTaken(regionId: string, scope: string, exceptId?: string): Promise<boolean> {
      let query = db
        .selectFrom('tax_rates')
        .select('id')
        .where('region_id', '=', regionId)
        .where('scope', '=', scope);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** The rates of a region that an address in `subdivision` (or none) can use. */
    /** Every rate of a region, whatever its subdivision. */
    allInRegion: (regionId: string) =>
      db.selectFrom('tax_rates').selectAll().where('region_id', '=', regionId).orderBy('id').execute(),

    forAddress: (regionId: string, subdivision: string | null) =>
      db
        .selectFrom('tax_rates')
        .selectAll()
        .where('region_id', '=', regionId)
        .where((eb) =>
          subdivision === null
            ? eb('subdivision', 'is', null)
            : eb.or([eb('subdivision', 'is', null), eb('subdivision', '=', subdivision)]),
        )
        .execute(),

    async countInRegion(regionId: string): Promise<number> {
      const row = await db
        .selectFrom('tax_rates')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('region_id', '=', regionId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async list(limit: number, startingAfter: string | undefined, regionId: string | undefined) {
      let query = db.selectFrom('tax_rates').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      if (regionId) query = query.where('region_id', '=', regionId);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    insert: (row: TaxRateRow) => db.insertInto('tax_rates').values(row).execute(),
    update: (id: string, changes: Partial<Omit<TaxRateRow, 'id'>>) =>
      db.updateTable('tax_rates').set(changes).where('id', '=', id).execute(),
    remove: (id: string) => db.deleteFrom('tax_rates').where('id', '=', id).execute(),
  };
}
