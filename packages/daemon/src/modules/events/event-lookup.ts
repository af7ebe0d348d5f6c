import type { Event } from '@tillpoint/sdk/schemas';
import type { Executor } from '../../db/database-types.js';
import { eventsRepository, toEvent } from './events-repository.js';

/** One recorded event as the API shows it, or undefined; for the modules that deliver events (webhooks). */
export async function findEvent(db: Executor, id: string): Promise<Event | undefined> {
  const row = await eventsRepository(db).findById(id);
  return row ? toEvent(row) : undefined;
}
