import type {
  CreateShippingMethodRequestSchema,
  EventType,
  ListShippingMethodsQuerySchema,
  ShippingMethod,
  UpdateShippingMethodRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { ReadThroughCache } from '../../infra/cache/read-through-cache.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { type Change, createEventedWrite } from '../events/evented-write.js';
import type { Outbox } from '../events/outbox.js';
import type { RegionFinder } from '../tax/tax-rates-service.js';
import { shippingMethodsRepository, toShippingMethod } from './shipping-methods-repository.js';
import { methodPrice, type ShippingContext } from './shipping-price.js';

/** A method a cart can choose, with its price for that cart in the region's currency. */
export interface ShippingOption {
  method: ShippingMethod;
  amount: number;
}

/** Shipping methods: per region, a price rule and the subtotals they are offered for. */
export function createShippingMethodsService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  regions: () => RegionFinder;
  /** A region's active methods, cached for the pricing of cart answers. */
  regionMethods: ReadThroughCache<ShippingMethod[]>;
}) {
  const { db } = deps;
  const evented = createEventedWrite(deps);
  /** Every change drops its region's cached methods once it has committed. */
  async function write(
    type: EventType,
    work: Change<ShippingMethod>,
    onCommit?: CommitHook,
  ): Promise<ShippingMethod> {
    const method = await evented(type, work, onCommit);
    await deps.regionMethods.forget(method.regionId);
    return method;
  }

  async function mustFind(trx: Executor, id: string) {
    const row = await shippingMethodsRepository(trx).find(id);
    if (!row) throw new AppError('not_found', { detail: `No shipping method ${id}.` });
    return row;
  }

  function assertRange(minSubtotal: number | null, maxSubtotal: number | null) {
    if (minSubtotal !== null && maxSubtotal !== null && maxSubtotal < minSubtotal) {
      throw new AppError('validation_failed', {
        errors: [{ path: 'body.maxSubtotal', message: 'must not be below minSubtotal', code: 'too_small' }],
      });
    }
  }

  return {
    /** Non-admins see only active methods: an inactive one is 404 to them. */
    async get(principal: Principal, id: string) {
      const method = toShippingMethod(await mustFind(db, id));
      if (!method.active && principal.role !== 'admin') {
        throw new AppError('not_found', { detail: `No shipping method ${id}.` });
      }
      return method;
    },

    /** For the regions module: how many methods a region has. */
    countInRegion: (trx: Executor, regionId: string) =>
      shippingMethodsRepository(trx).countInRegion(regionId),

    /**
     * For carts: the active methods of a region that can ship a cart of this subtotal and weight, each with its
     * price, cheapest first (then oldest first).
     */
    async optionsFor(
      trx: Executor,
      query: { regionId: string; cached?: boolean } & ShippingContext,
    ): Promise<ShippingOption[]> {
      const active = async () =>
        (await shippingMethodsRepository(trx).activeInRegion(query.regionId)).map(toShippingMethod);
      // `cached`: only to show a cart; what is charged reads the methods in the caller's transaction.
      const methods = query.cached ? await deps.regionMethods.read(query.regionId, active) : await active();
      const options: ShippingOption[] = [];
      for (const method of methods) {
        const amount = methodPrice(method, query);
        if (amount !== null) options.push({ method, amount });
      }
      return options.sort((a, b) => a.amount - b.amount || a.method.id.localeCompare(b.method.id));
    },

    async list(principal: Principal, query: z.output<typeof ListShippingMethodsQuerySchema>) {
      const { rows, hasMore } = await shippingMethodsRepository(db).list(query.limit, query.starting_after, {
        regionId: query.regionId,
        active: principal.role === 'admin' ? query.active : true,
      });
      return { object: 'list' as const, data: rows.map(toShippingMethod), has_more: hasMore };
    },

    create(input: z.output<typeof CreateShippingMethodRequestSchema>, onCommit?: CommitHook) {
      return write(
        'shipping_method.created',
        async (trx, at) => {
          const region = await deps.regions().referenced(trx, input.regionId);
          const row = {
            id: newId('shippingMethod'),
            region_id: region.id,
            name: input.name,
            currency: region.currency,
            rule: JSON.stringify(input.rule),
            min_subtotal: input.minSubtotal,
            max_subtotal: input.maxSubtotal,
            active: input.active ? 1 : 0,
            created_at: at,
            updated_at: at,
          };
          await shippingMethodsRepository(trx).insert(row);
          return toShippingMethod(row);
        },
        onCommit,
      );
    },

    update(id: string, input: z.output<typeof UpdateShippingMethodRequestSchema>) {
      return write('shipping_method.updated', async (trx, at) => {
        const before = toShippingMethod(await mustFind(trx, id));
        assertRange(
          input.minSubtotal === undefined ? before.minSubtotal : input.minSubtotal,
          input.maxSubtotal === undefined ? before.maxSubtotal : input.maxSubtotal,
        );
        await shippingMethodsRepository(trx).update(id, {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.rule === undefined ? {} : { rule: JSON.stringify(input.rule) }),
          ...(input.minSubtotal === undefined ? {} : { min_subtotal: input.minSubtotal }),
          ...(input.maxSubtotal === undefined ? {} : { max_subtotal: input.maxSubtotal }),
          ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }),
          updated_at: at,
        });
        return toShippingMethod(await mustFind(trx, id));
      });
    },

    remove(id: string) {
      return write('shipping_method.deleted', async (trx) => {
        const method = toShippingMethod(await mustFind(trx, id));
        await shippingMethodsRepository(trx).remove(id);
        return method;
      });
    },
  };
}

export type ShippingMethodsService = ReturnType<typeof createShippingMethodsService>;
