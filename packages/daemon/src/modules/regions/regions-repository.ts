import type { Region } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import {
  type Executor,
  isTrue,
  type RegionCountriesTable,
  type RegionsTable,
} from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

export type RegionRow = Selectable<RegionsTable>;

export function toRegion(row: RegionRow, countries: Array<Selectable<RegionCountriesTable>>): Region {
  return {
    id: row.id,
    object: 'region',
    name: row.name,
    countries: countries
      .filter((c) => c.region_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.country_code),
    currency: row.currency,
    pricesIncludeTax: isTrue(row.prices_include_tax),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const regionById = preparedQuery<{ id: string }, RegionRow>((db, param) =>
  db.selectFrom('regions').selectAll().where('id', '=', param('id')),
);

const countriesOfRegions = preparedQuery<{ regionIds: string[] }, Selectable<RegionCountriesTable>>(
  (db, _param, list) =>
    db.selectFrom('region_countries').selectAll().where('region_id', 'in', list('regionIds')),
);

const regionOfCountry = preparedQuery<{ countryCode: string }, { region_id: string }>((db, param) =>
  db.selectFrom('region_countries').select('region_id').where('country_code', '=', param('countryCode')),
);

/** Tables `regions` and `region_countries`, owned by the regions module. */
export function regionsRepository(db: Executor) {
  return {
    find: async (id: string) => (await regionById.execute(db, { id })).rows[0],

    countriesOf: async (regionIds: string[]) =>
      regionIds.length === 0 ? [] : (await countriesOfRegions.execute(db, { regionIds })).rows,

    /** The regions (other than `exceptId`) holding any of `codes`, with the code each holds. */
    holdersOf: (codes: string[], exceptId?: string) => {
      let query = db
        .selectFrom('region_countries')
        .innerJoin('regions', 'regions.id', 'region_countries.region_id')
        .select(['region_countries.country_code', 'regions.id', 'regions.name'])
        .where('region_countries.country_code', 'in', codes);
      if (exceptId) query = query.where('regions.id', '<>', exceptId);
      return query.execute();
    },

    regionIdOf: async (countryCode: string) =>
      (await regionOfCountry.execute(db, { countryCode })).rows[0]?.region_id,

    async list(limit: number, startingAfter: string | undefined) {
      let query = db.selectFrom('regions').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    insert: (row: RegionRow) => db.insertInto('regions').values(row).execute(),
    update: (id: string, changes: Partial<Omit<RegionRow, 'id'>>) =>
      db.updateTable('regions').set(changes).where('id', '=', id).execute(),

    async setCountries(regionId: string, codes: string[]) {
      await db.deleteFrom('region_countries').where('region_id', '=', regionId).execute();
      await db
        .insertInto('region_countries')
        .values(codes.map((country_code, position) => ({ country_code, region_id: regionId, position })))
        .execute();
    },

    async remove(id: string) {
      await db.deleteFrom('region_countries').where('region_id', '=', id).execute();
      await db.deleteFrom('regions').where('id', '=', id).execute();
    },
  };
}
