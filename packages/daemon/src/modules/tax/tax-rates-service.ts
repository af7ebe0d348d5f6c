import type {
  CreateTaxRateRequestSchema,
  EventType,
  ListTaxRatesQuerySchema,
  Region,
  TaxRate,
  UpdateTaxRateRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { ReadThroughCache } from '../../infra/cache/read-through-cache.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { type Change, createEventedWrite } from '../events/evented-write.js';
import type { Outbox } from '../events/outbox.js';
import { assertSubdivision } from '../regions/region-codes.js';
import { scopeOf, taxRatesRepository, toTaxRate } from './tax-rates-repository.js';

/** How the tax and shipping modules find a region, without reading the regions module's tables. */
export interface RegionFinder {
  /** The region a request body names as `regionId`; 422 `validation_failed` on that field when there is none. */
  referenced(trx: Executor, regionId: string): Promise<Region>;
}

/** Tax rates: per region, optionally per subdivision and tax category, in basis points. */
export function createTaxRatesService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  regions: () => RegionFinder;
  /** The cache the tax calculator reads a region's rates from. */
  regionRates: ReadThroughCache<TaxRate[]>;
}) {
  const { db } = deps;
  const evented = createEventedWrite(deps, (error) =>
    isUniqueViolation(error) ? new AppError('tax_rate_taken') : error,
  );
  /** Every change drops its region's cached rates once it has committed. */
  async function write(type: EventType, work: Change<TaxRate>, onCommit?: CommitHook): Promise<TaxRate> {
    const rate = await evented(type, work, onCommit);
    await deps.regionRates.forget(rate.regionId);
    return rate;
  }

  async function mustFind(trx: Executor, id: string) {
    const row = await taxRatesRepository(trx).find(id);
    if (!row) throw new AppError('not_found', { detail: `No tax rate ${id}.` });
    return row;
  }

  async function assertScopeFree(trx: Executor, regionId: string, scope: string, exceptId?: string) {
    if (await taxRatesRepository(trx).scopeTaken(regionId, scope, exceptId))
      throw new AppError('tax_rate_taken');
  }

  return {
    get: async (id: string) => toTaxRate(await mustFind(db, id)),

    /** For the regions module: how many rates a region has (it refuses to delete a region that has any). */
    countInRegion: (trx: Executor, regionId: string) => taxRatesRepository(trx).countInRegion(regionId),

    async list(query: z.output<typeof ListTaxRatesQuerySchema>) {
      const { rows, hasMore } = await taxRatesRepository(db).list(
        query.limit,
        query.starting_after,
        query.regionId,
      );
      return { object: 'list' as const, data: rows.map(toTaxRate), has_more: hasMore };
    },

    create(input: z.output<typeof CreateTaxRateRequestSchema>, onCommit?: CommitHook) {
      return write(
        'tax_rate.created',
        async (trx, at) => {
          const region = await deps.regions().referenced(trx, input.regionId);
          if (input.subdivision !== null)
            await assertSubdivision(input.subdivision, region.countries, 'body.subdivision');
          const scope = scopeOf(input.subdivision, input.taxCategory);
          await assertScopeFree(trx, region.id, scope);
          const row = {
            id: newId('taxRate'),
            region_id: region.id,
            name: input.name,
            subdivision: input.subdivision,
            tax_category: input.taxCategory,
            scope,
            rate_bps: input.rateBps,
            applies_to_shipping: input.appliesToShipping ? 1 : 0,
            created_at: at,
            updated_at: at,
          };
          await taxRatesRepository(trx).insert(row);
          return toTaxRate(row);
        },
        onCommit,
      );
    },

    update(id: string, input: z.output<typeof UpdateTaxRateRequestSchema>) {
      return write('tax_rate.updated', async (trx, at) => {
        const before = await mustFind(trx, id);
        const subdivision = input.subdivision === undefined ? before.subdivision : input.subdivision;
        const taxCategory = input.taxCategory === undefined ? before.tax_category : input.taxCategory;
        if (input.subdivision) {
          const region = await deps.regions().referenced(trx, before.region_id);
          await assertSubdivision(input.subdivision, region.countries, 'body.subdivision');
        }
        const scope = scopeOf(subdivision, taxCategory);
        await assertScopeFree(trx, before.region_id, scope, id);
        await taxRatesRepository(trx).update(id, {
          ...(input.name === undefined ? {} : { name: input.name }),
          subdivision,
          tax_category: taxCategory,
          scope,
          ...(input.rateBps === undefined ? {} : { rate_bps: input.rateBps }),
          ...(input.appliesToShipping === undefined
            ? {}
            : { applies_to_shipping: input.appliesToShipping ? 1 : 0 }),
          updated_at: at,
        });
        return toTaxRate(await mustFind(trx, id));
      });
    },

    remove(id: string) {
      return write('tax_rate.deleted', async (trx) => {
        const rate = toTaxRate(await mustFind(trx, id));
        await taxRatesRepository(trx).remove(id);
        return rate;
      });
    },
  };
}

export type TaxRatesService = ReturnType<typeof createTaxRatesService>;
