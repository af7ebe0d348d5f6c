import type { Address, SavedAddress } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { type Executor, isTrue, type SavedAddressesTable } from '../../db/database-types.js';

export type SavedAddressRow = Selectable<SavedAddressesTable>;

/** The columns that hold the address itself, from the API's shape (absent optional fields as NULL). */
export function addressColumns(address: Address) {
  return {
    name: address.name,
    company: address.company ?? null,
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postal_code: address.postalCode ?? null,
    subdivision: address.subdivision ?? null,
    country_code: address.countryCode,
    phone: address.phone ?? null,
  };
}

/** The API's shape of a row: NULL optional fields are left out, as `AddressSchema` has them optional. */
export function toSavedAddress(row: SavedAddressRow): SavedAddress {
  const optional = (key: keyof Address, value: string | null) => (value === null ? {} : { [key]: value });
  return {
    id: row.id,
    object: 'address',
    address: {
      name: row.name,
      ...optional('company', row.company),
      line1: row.line1,
      ...optional('line2', row.line2),
      city: row.city,
      ...optional('postalCode', row.postal_code),
      ...optional('subdivision', row.subdivision),
      countryCode: row.country_code,
      ...optional('phone', row.phone),
    },
    isDefaultShipping: isTrue(row.is_default_shipping),
    isDefaultBilling: isTrue(row.is_default_billing),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Which default flag a change is about. */
export type DefaultKind = 'is_default_shipping' | 'is_default_billing';

/** Tables `address_books` and `saved_addresses`, owned by the addresses module. */
export function addressesRepository(db: Executor) {
  return {
    /**
     * Makes sure the user has an `address_books` row and locks it (an UPDATE takes the row lock on PostgreSQL;
     * SQLite has one writer), so one user's changes run one after another. Returns the count of addresses.
     */
    async lockBook(userId: string, at: string): Promise<number> {
      await db
        .insertInto('address_books')
        .values({ user_id: userId, address_count: 0, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      const row = await db
        .updateTable('address_books')
        .set({ updated_at: at })
        .where('user_id', '=', userId)
        .returning('address_count')
        .executeTakeFirstOrThrow();
      return Number(row.address_count);
    },

    /** Counts one more address unless the book already holds `max`; false when it is full. */
    async countOneMore(userId: string, max: number): Promise<boolean> {
      const result = await db
        .updateTable('address_books')
        .set((eb) => ({ address_count: eb('address_count', '+', 1) }))
        .where('user_id', '=', userId)
        .where('address_count', '<', max)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    countOneLess: (userId: string) =>
      db
        .updateTable('address_books')
        .set((eb) => ({ address_count: eb('address_count', '-', 1) }))
        .where('user_id', '=', userId)
        .execute(),

    /** The user's address with this ID; undefined for an unknown ID or another user's address. */
    find: (userId: string, id: string) =>
      db
        .selectFrom('saved_addresses')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst(),

    /** Every address of the user (at most the limit, so one query serves any page). */
    allOf: (userId: string) =>
      db.selectFrom('saved_addresses').selectAll().where('user_id', '=', userId).execute(),

    insert: (row: SavedAddressRow) => db.insertInto('saved_addresses').values(row).execute(),

    update: (id: string, changes: Partial<Omit<SavedAddressRow, 'id' | 'user_id'>>) =>
      db.updateTable('saved_addresses').set(changes).where('id', '=', id).execute(),

    /** Clears the user's default of this kind (on any address but `exceptId`), before another one takes it. */
    clearDefault: (userId: string, kind: DefaultKind, exceptId: string, at: string) =>
      db
        .updateTable('saved_addresses')
        .set({ [kind]: 0, updated_at: at })
        .where('user_id', '=', userId)
        .where(kind, '=', 1)
        .where('id', '<>', exceptId)
        .execute(),

    remove: (id: string) => db.deleteFrom('saved_addresses').where('id', '=', id).execute(),

    /** Removes the user's whole address book. */
    async removeAllOf(userId: string) {
      await db.deleteFrom('saved_addresses').where('user_id', '=', userId).execute();
      await db.deleteFrom('address_books').where('user_id', '=', userId).execute();
    },
  };
}
