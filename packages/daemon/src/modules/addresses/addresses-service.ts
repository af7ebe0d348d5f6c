import {
  type CreateSavedAddressRequestSchema,
  type ListSavedAddressesQuerySchema,
  MAX_SAVED_ADDRESSES,
  type SavedAddress,
  type UpdateSavedAddressRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { assertAddressCodes } from './address-codes.js';
import {
  addressColumns,
  addressesRepository,
  type DefaultKind,
  type SavedAddressRow,
  toSavedAddress,
} from './addresses-repository.js';

/** Where the address sits in a request body, for field errors. */
const ADDRESS_FIELD = 'body.address';

/** Defaults first, then the newest (IDs are time-ordered). */
function compareForList(a: SavedAddress, b: SavedAddress): number {
  const rank = (address: SavedAddress) => (address.isDefaultShipping || address.isDefaultBilling ? 0 : 1);
  return rank(a) - rank(b) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The address book of signed-in customers (`/v1/me/addresses`). Every method takes the acting user's ID, so a
 * user only ever reaches their own addresses: another user's ID is not found. Each change first locks the user's
 * `address_books` row, so the 50-address limit and the one-default-per-kind rule hold under concurrent requests.
 * No events: like the rest of `/v1/me`, a customer's own profile changes are not domain events.
 */
export function createAddressesService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function mustFind(trx: Executor, userId: string, id: string): Promise<SavedAddressRow> {
    const row = await addressesRepository(trx).find(userId, id);
    if (!row) throw new AppError('not_found', { detail: `No address ${id} in your address book.` });
    return row;
  }

  /** A change to one user's book in one transaction, behind the book's lock, with its idempotency record. */
  function write(
    userId: string,
    work: (trx: Executor, at: string, count: number) => Promise<SavedAddress>,
    onCommit?: CommitHook,
  ): Promise<SavedAddress> {
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const count = await addressesRepository(trx).lockBook(userId, at);
      const result = await work(trx, at, count);
      await onCommit?.(trx, result);
      return result;
    });
  }

  /** Makes `id` the default of `kind` or stops it being one; taking a default first clears the previous one. */
  async function setDefault(
    trx: Executor,
    userId: string,
    id: string,
    kind: DefaultKind,
    on: boolean,
    at: string,
  ) {
    const repo = addressesRepository(trx);
    if (on) await repo.clearDefault(userId, kind, id, at);
    await repo.update(id, { [kind]: on ? 1 : 0, updated_at: at });
  }

  return {
    async get(userId: string, id: string): Promise<SavedAddress> {
      return toSavedAddress(await mustFind(db, userId, id));
    },

    /**
     * One page of the user's addresses, defaults first, then the newest. The whole book (at most 50) is read and
     * sorted here. A cursor that is no longer in the book (deleted meanwhile) continues with the addresses older
     * than it that are not defaults.
     */
    async list(userId: string, query: z.output<typeof ListSavedAddressesQuerySchema>) {
      const all = (await addressesRepository(db).allOf(userId)).map(toSavedAddress).sort(compareForList);
      const cursor = query.starting_after;
      let rest = all;
      if (cursor !== undefined) {
        const index = all.findIndex((address) => address.id === cursor);
        rest =
          index >= 0
            ? all.slice(index + 1)
            : all.filter((a) => !a.isDefaultShipping && !a.isDefaultBilling && a.id < cursor);
      }
      return {
        object: 'list' as const,
        data: rest.slice(0, query.limit),
        has_more: rest.length > query.limit,
      };
    },

    /** Saves an address; the first one becomes both defaults unless the flags say otherwise. */
    async create(
      userId: string,
      input: z.output<typeof CreateSavedAddressRequestSchema>,
      onCommit?: CommitHook,
    ): Promise<SavedAddress> {
      await assertAddressCodes(input.address, ADDRESS_FIELD);
      return write(
        userId,
        async (trx, at, count) => {
          const repo = addressesRepository(trx);
          if (!(await repo.countOneMore(userId, MAX_SAVED_ADDRESSES))) {
            throw new AppError('address_limit_reached');
          }
          const first = count === 0;
          const row: SavedAddressRow = {
            id: newId('address'),
            user_id: userId,
            ...addressColumns(input.address),
            is_default_shipping: 0,
            is_default_billing: 0,
            created_at: at,
            updated_at: at,
          };
          await repo.insert(row);
          if (input.isDefaultShipping ?? first) {
            await setDefault(trx, userId, row.id, 'is_default_shipping', true, at);
          }
          if (input.isDefaultBilling ?? first) {
            await setDefault(trx, userId, row.id, 'is_default_billing', true, at);
          }
          return toSavedAddress(await mustFind(trx, userId, row.id));
        },
        onCommit,
      );
    },

    /** Replaces the address and/or changes its default flags. */
    async update(
      userId: string,
      id: string,
      input: z.output<typeof UpdateSavedAddressRequestSchema>,
    ): Promise<SavedAddress> {
      if (input.address) await assertAddressCodes(input.address, ADDRESS_FIELD);
      return write(userId, async (trx, at) => {
        await mustFind(trx, userId, id);
        await addressesRepository(trx).update(id, {
          ...(input.address ? addressColumns(input.address) : {}),
          updated_at: at,
        });
        if (input.isDefaultShipping !== undefined) {
          await setDefault(trx, userId, id, 'is_default_shipping', input.isDefaultShipping, at);
        }
        if (input.isDefaultBilling !== undefined) {
          await setDefault(trx, userId, id, 'is_default_billing', input.isDefaultBilling, at);
        }
        return toSavedAddress(await mustFind(trx, userId, id));
      });
    },

    /** Deletes an address and returns it as it was; a deleted default leaves the user without that default. */
    remove(userId: string, id: string): Promise<SavedAddress> {
      return write(userId, async (trx) => {
        const row = await mustFind(trx, userId, id);
        const repo = addressesRepository(trx);
        await repo.remove(id);
        await repo.countOneLess(userId);
        return toSavedAddress(row);
      });
    },
  };
}

export type AddressesService = ReturnType<typeof createAddressesService>;
