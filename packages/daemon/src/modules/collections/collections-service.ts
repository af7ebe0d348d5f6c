import type {
  Collection,
  CreateCollectionRequestSchema,
  EventType,
  ListCollectionsQuerySchema,
  UpdateCollectionRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { mintHandle } from '../../infra/handles.js';
import { newId } from '../../infra/ids.js';
import type { Outbox } from '../events/outbox.js';
import { collectionsRepository, toCollection } from './collections-repository.js';

/** How collections check that a product exists and is visible, without reading the products module's tables. */
export interface ProductExistence {
  /** Throws `not_found` unless the principal may see the product. */
  get(principal: Principal, productId: string): Promise<unknown>;
}

/** Collections: named, ordered sets of products with a URL handle. */
export function createCollectionsService(deps: {
  db: Database;
  clock: Clock;
  outbox: Outbox;
  products: () => ProductExistence;
}) {
  const { db, clock } = deps;

  async function mustFind(trx: Executor, idOrHandle: string) {
    const row = await collectionsRepository(trx).findByIdOrHandle(idOrHandle);
    if (!row) throw new AppError('not_found', { detail: `No collection ${idOrHandle}.` });
    return row;
  }

  async function load(trx: Executor, idOrHandle: string): Promise<Collection> {
    const row = await mustFind(trx, idOrHandle);
    return toCollection(row, await collectionsRepository(trx).membersOf([row.id]));
  }

  async function freeHandle(trx: Executor, wanted: string | undefined, title: string, exceptId?: string) {
    const repo = collectionsRepository(trx);
    if (wanted !== undefined) {
      if (await repo.handleTaken(wanted, exceptId)) throw new AppError('handle_taken');
      return wanted;
    }
    return mintHandle(title, 'collection', (handle) => repo.handleTaken(handle, exceptId));
  }

  /** A change, its `collection.*` event and its idempotency record in one transaction. */
  async function write(
    type: EventType,
    work: (trx: Executor, at: string) => Promise<Collection>,
    onCommit?: CommitHook,
  ): Promise<Collection> {
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const collection = await work(trx, at);
      await deps.outbox.append(trx, { type, subjectId: collection.id, ownerId: null, data: collection }, at);
      await onCommit?.(trx, collection);
      return collection;
    });
  }

  return {
    /** For the product list's `collection` filter: the members as a subquery, or null for no such collection. */
    async membersOf(idOrHandle: string) {
      const row = await collectionsRepository(db).findByIdOrHandle(idOrHandle);
      return row ? collectionsRepository(db).memberIdsQuery(row.id) : null;
    },

    get: (idOrHandle: string) => load(db, idOrHandle),

    async list(query: z.output<typeof ListCollectionsQuerySchema>) {
      const repo = collectionsRepository(db);
      const { rows, hasMore } = await repo.list(query.limit, query.starting_after);
      const members = await repo.membersOf(rows.map((row) => row.id));
      return {
        object: 'list' as const,
        data: rows.map((row) => toCollection(row, members)),
        has_more: hasMore,
      };
    },

    create(input: z.output<typeof CreateCollectionRequestSchema>, onCommit?: CommitHook) {
      return write(
        'collection.created',
        async (trx, at) => {
          const row = {
            id: newId('collection'),
            handle: await freeHandle(trx, input.handle, input.title),
            title: input.title,
            description: input.description ?? null,
            created_at: at,
            updated_at: at,
          };
          await collectionsRepository(trx).insert(row);
          return toCollection(row, []);
        },
        onCommit,
      );
    },

    update(idOrHandle: string, input: z.output<typeof UpdateCollectionRequestSchema>) {
      return write('collection.updated', async (trx, at) => {
        const before = await mustFind(trx, idOrHandle);
        await collectionsRepository(trx).update(before.id, {
          ...(input.title === undefined ? {} : { title: input.title }),
          ...(input.handle === undefined
            ? {}
            : { handle: await freeHandle(trx, input.handle, before.title, before.id) }),
          ...(input.description === undefined ? {} : { description: input.description }),
          updated_at: at,
        });
        return load(trx, before.id);
      });
    },

    remove(idOrHandle: string) {
      return write('collection.deleted', async (trx) => {
        const collection = await load(trx, idOrHandle);
        await collectionsRepository(trx).remove(collection.id);
        return collection;
      });
    },

    async addProduct(
      principal: Principal,
      idOrHandle: string,
      productId: string,
      position: number | undefined,
    ) {
      await deps.products().get(principal, productId);
      return write('collection.updated', async (trx, at) => {
        const row = await mustFind(trx, idOrHandle);
        await collectionsRepository(trx).place(row.id, productId, position);
        await collectionsRepository(trx).update(row.id, { updated_at: at });
        return load(trx, row.id);
      });
    },

    removeProduct(idOrHandle: string, productId: string) {
      return write('collection.updated', async (trx, at) => {
        const row = await mustFind(trx, idOrHandle);
        await collectionsRepository(trx).unplace(row.id, productId);
        await collectionsRepository(trx).update(row.id, { updated_at: at });
        return load(trx, row.id);
      });
    },
  };
}

export type CollectionsService = ReturnType<typeof createCollectionsService>;
