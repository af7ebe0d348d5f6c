import type {
  CreateRegionRequestSchema,
  ListRegionsQuerySchema,
  Region,
  UpdateRegionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { ReadThroughCache } from '../../infra/cache/read-through-cache.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { createEventedWrite } from '../events/evented-write.js';
import type { Outbox } from '../events/outbox.js';
import { assertCountryCodes } from './region-codes.js';
import { regionsRepository, toRegion } from './regions-repository.js';

/**
 * What refers to a region, asked before it is deleted or changes currency. The tax and shipping modules provide
 * these through the composition root, so this module never reads their tables.
 */
export interface RegionReferences {
  /** How many tax rates belong to the region. */
  taxRates(trx: Executor, regionId: string): Promise<number>;
  /** How many shipping methods belong to the region. */
  shippingMethods(trx: Executor, regionId: string): Promise<number>;
}

/** Regions: the markets the shop sells to (countries, a currency, whether prices include tax). */
export function createRegionsService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  references: () => RegionReferences;
  /** Regions by ID for the pricing of cart answers (null: no such region). */
  cached: ReadThroughCache<Region | null>;
}) {
  const { db, cached } = deps;
  // Two writers claimed the same country at once: the key of region_countries let one of them in.
  const write = createEventedWrite(deps, (error) =>
    isUniqueViolation(error)
      ? new AppError('country_taken', {
          detail: 'Another region took one of these countries at the same time; read the regions and retry.',
        })
      : error,
  );

  async function find(trx: Executor, id: string): Promise<Region | undefined> {
    const repo = regionsRepository(trx);
    const row = await repo.find(id);
    return row ? toRegion(row, await repo.countriesOf([row.id])) : undefined;
  }

  async function mustFind(trx: Executor, id: string): Promise<Region> {
    const region = await find(trx, id);
    if (!region) throw new AppError('not_found', { detail: `No region ${id}.` });
    return region;
  }

  /** 409 `country_taken` naming the region that already has each country. */
  async function assertCountriesFree(trx: Executor, codes: string[], exceptId?: string) {
    const holders = await regionsRepository(trx).holdersOf(codes, exceptId);
    if (holders.length === 0) return;
    const errors = holders.map((holder) => ({
      path: `body.countries.${codes.indexOf(holder.country_code)}`,
      message: `${holder.country_code} is in region "${holder.name}" (${holder.id})`,
      code: 'country_taken',
    }));
    const first = holders[0]!;
    throw new AppError('country_taken', {
      detail: `${first.country_code} is already in region "${first.name}" (${first.id}); a country belongs to at most one region.`,
      errors,
    });
  }

  return {
    get: (id: string) => mustFind(db, id),

    /** For other modules: the region with this ID, or undefined. */
    find,

    /**
     * For pricing cart answers: `find` served from the cache (changes through this service drop it). What is
     * charged must not rest on it: completion uses `find`.
     */
    async findCached(trx: Executor, id: string): Promise<Region | undefined> {
      return (await cached.read(id, async () => (await find(trx, id)) ?? null)) ?? undefined;
    },

    /**
     * For tax rates and shipping methods: the region a request body names as `regionId`, or 422
     * `validation_failed` pointing at that field.
     */
    async referenced(trx: Executor, regionId: string): Promise<Region> {
      const region = await find(trx, regionId);
      if (!region) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.regionId', message: `no region ${regionId}`, code: 'not_found' }],
        });
      }
      return region;
    },

    /**
     * For carts: the region that holds `countryCode` (ISO 3166-1 alpha-2, any case), or undefined. Which region holds
     * it is read fresh; the region itself comes through the cache, as every cart answer reads it (a change of the
     * region drops it at once, and completion reads everything again).
     */
    async forCountry(trx: Executor, countryCode: string): Promise<Region | undefined> {
      const regionId = await regionsRepository(trx).regionIdOf(countryCode.toUpperCase());
      return regionId
        ? ((await cached.read(regionId, async () => (await find(trx, regionId)) ?? null)) ?? undefined)
        : undefined;
    },

    async list(query: z.output<typeof ListRegionsQuerySchema>) {
      const repo = regionsRepository(db);
      if (query.country !== undefined) {
        const region = await this.forCountry(db, query.country);
        const data = region && (!query.starting_after || region.id > query.starting_after) ? [region] : [];
        return { object: 'list' as const, data, has_more: false };
      }
      const { rows, hasMore } = await repo.list(query.limit, query.starting_after);
      const countries = await repo.countriesOf(rows.map((row) => row.id));
      return {
        object: 'list' as const,
        data: rows.map((row) => toRegion(row, countries)),
        has_more: hasMore,
      };
    },

    async create(input: z.output<typeof CreateRegionRequestSchema>, onCommit?: CommitHook) {
      await assertCountryCodes(input.countries, 'body.countries');
      return write(
        'region.created',
        async (trx, at) => {
          await assertCountriesFree(trx, input.countries);
          const row = {
            id: newId('region'),
            name: input.name,
            currency: input.currency,
            prices_include_tax: input.pricesIncludeTax ? 1 : 0,
            created_at: at,
            updated_at: at,
          };
          const repo = regionsRepository(trx);
          await repo.insert(row);
          await repo.setCountries(row.id, input.countries);
          return mustFind(trx, row.id);
        },
        onCommit,
      );
    },

    async update(id: string, input: z.output<typeof UpdateRegionRequestSchema>) {
      if (input.countries) await assertCountryCodes(input.countries, 'body.countries');
      const region = await write('region.updated', async (trx, at) => {
        const before = await mustFind(trx, id);
        const repo = regionsRepository(trx);
        if (input.currency !== undefined && input.currency !== before.currency) {
          const methods = await deps.references().shippingMethods(trx, id);
          if (methods > 0) {
            throw new AppError('region_in_use', {
              detail: `Region ${id} has ${methods} shipping method(s) priced in ${before.currency}; delete them before changing the currency.`,
            });
          }
        }
        if (input.countries) {
          await assertCountriesFree(trx, input.countries, id);
          await repo.setCountries(id, input.countries);
        }
        await repo.update(id, {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.currency === undefined ? {} : { currency: input.currency }),
          ...(input.pricesIncludeTax === undefined
            ? {}
            : { prices_include_tax: input.pricesIncludeTax ? 1 : 0 }),
          updated_at: at,
        });
        return mustFind(trx, id);
      });
      await cached.forget(id);
      return region;
    },

    /** Deletes a region nothing refers to; 409 `region_in_use` while tax rates or shipping methods belong to it. */
    async remove(id: string) {
      const removed = await write('region.deleted', async (trx) => {
        const region = await mustFind(trx, id);
        const references = deps.references();
        const rates = await references.taxRates(trx, id);
        const methods = await references.shippingMethods(trx, id);
        if (rates + methods > 0) {
          throw new AppError('region_in_use', {
            detail: `Region ${id} has ${rates} tax rate(s) and ${methods} shipping method(s); delete them first.`,
          });
        }
        await regionsRepository(trx).remove(id);
        return region;
      });
      await cached.forget(id);
      return removed;
    },
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
