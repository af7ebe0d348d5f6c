import type { ListEventsQuerySchema } from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Database } from '../../db/database-types.js';
import { eventsRepository, toEvent } from './events-repository.js';

/** Reading the outbox (admins). Writing happens inside the services that change things. */
export function createEventsService(db: Database) {
  return {
    async list(query: z.output<typeof ListEventsQuerySchema>) {
      const { rows, hasMore } = await eventsRepository(db).list({
        type: query.type,
        subjectId: query.subjectId,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toEvent), has_more: hasMore };
    },
    async get(id: string) {
      const row = await eventsRepository(db).findById(id);
      if (!row) throw new AppError('not_found', { detail: `No event ${id}.` });
      return toEvent(row);
    },
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
