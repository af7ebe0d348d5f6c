import type { EventType } from '@tillpoint/sdk/schemas';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import type { Outbox } from './outbox.js';

/** A change that returns the resource it made or changed. */
export type Change<T> = (trx: Executor, at: string) => Promise<T>;

/**
 * The write path of a service whose every change emits one event about the resource: the change, its event (with
 * the resource as data) and its idempotency record commit in one transaction. `translate` may turn a database
 * error into the service's own (e.g. a unique violation into a 409); it returns what to throw.
 */
export function createEventedWrite(
  deps: { db: Database; clock: Clock; outbox: Outbox },
  translate: (error: unknown) => unknown = (error) => error,
) {
  return async function write<T extends { id: string }>(
    type: EventType,
    work: Change<T>,
    onCommit?: CommitHook,
  ): Promise<T> {
    const at = deps.clock.now().toISOString();
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const resource = await work(trx, at);
        await deps.outbox.append(trx, { type, subjectId: resource.id, ownerId: null, data: resource }, at);
        await onCommit?.(trx, resource);
        return resource;
      });
    } catch (error) {
      throw translate(error);
    }
  };
}
