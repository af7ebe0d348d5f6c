import type { Collection } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import type { CollectionProductsTable, CollectionsTable, Executor } from '../../db/database-types.js';

export type CollectionRow = Selectable<CollectionsTable>;

export function toCollection(
  row: CollectionRow,
  members: Array<Selectable<CollectionProductsTable>>,
): Collection {
  return {
    id: row.id,
    object: 'collection',
    handle: row.handle,
    title: row.title,
    description: row.description,
    productIds: members
      .filter((m) => m.collection_id === row.id)
      .sort((a, b) => a.position - b.position || a.product_id.localeCompare(b.product_id))
      .map((m) => m.product_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Tables `collections` and `collection_products`, owned by the collections module. */
export function collectionsRepository(db: Executor) {
  return {
    findByIdOrHandle: (idOrHandle: string) =>
      db
        .selectFrom('collections')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrHandle), eb('handle', '=', idOrHandle)]))
        .executeTakeFirst(),

    async handleTaken(handle: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('collections').select('id').where('handle', '=', handle);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    async list(limit: number, startingAfter: string | undefined) {
      let query = db.selectFrom('collections').selectAll();
      if (startingAfter) query = query.where('id', '>', startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    membersOf: (collectionIds: string[]) =>
      collectionIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('collection_products')
            .selectAll()
            .where('collection_id', 'in', collectionIds)
            .execute(),

    /** The member product IDs as a subquery, for the product list's filter. */
    memberIdsQuery: (collectionId: string) =>
      db.selectFrom('collection_products').select('product_id').where('collection_id', '=', collectionId),

    insert: (row: CollectionRow) => db.insertInto('collections').values(row).execute(),
    update: (id: string, changes: Partial<Omit<CollectionRow, 'id'>>) =>
      db.updateTable('collections').set(changes).where('id', '=', id).execute(),
    async remove(id: string) {
      await db.deleteFrom('collection_products').where('collection_id', '=', id).execute();
      await db.deleteFrom('collections').where('id', '=', id).execute();
    },

    /** Places a product at `position` (0-based; the end when absent), shifting the others; positions stay dense. */
    async place(collectionId: string, productId: string, position: number | undefined) {
      const members = (await this.membersOf([collectionId]))
        .sort((a, b) => a.position - b.position)
        .map((m) => m.product_id)
        .filter((id) => id !== productId);
      const at = position === undefined ? members.length : Math.min(position, members.length);
      members.splice(at, 0, productId);
      await this.writeOrder(collectionId, members);
    },

    async unplace(collectionId: string, productId: string) {
      const members = (await this.membersOf([collectionId]))
        .sort((a, b) => a.position - b.position)
        .map((m) => m.product_id)
        .filter((id) => id !== productId);
      await this.writeOrder(collectionId, members);
    },

    async writeOrder(collectionId: string, productIds: string[]) {
      await db.deleteFrom('collection_products').where('collection_id', '=', collectionId).execute();
      if (productIds.length === 0) return;
      await db
        .insertInto('collection_products')
        .values(
          productIds.map((product_id, position) => ({ collection_id: collectionId, product_id, position })),
        )
        .execute();
    },
  };
}
