import type { Event, EventType } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import type { EventsTable, Executor } from '../../db/database-types.js';
import { preparedInsert } from '../../db/prepared-query.js';
import { newId } from '../../infra/ids.js';

export type EventRow = Selectable<EventsTable>;

const insertEvent = preparedInsert('events');

export interface NewEvent {
  type: EventType;
  subjectId: string;
  ownerId: string | null;
  data: unknown;
}

export function toEvent(row: EventRow): Event {
  return {
    id: row.id,
    object: 'event',
    type: row.type as EventType,
    version: 1,
    subjectId: row.subject_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/**
 * The transactional outbox. `append` must be called with the transaction that makes the change,
 * so an event exists exactly when its change does.
 */
export function eventsRepository(db: Executor) {
  return {
    async append(event: NewEvent, at: string): Promise<EventRow> {
      const row: EventRow = {
        id: newId('event'),
        type: event.type,
        subject_id: event.subjectId,
        owner_id: event.ownerId,
        data: JSON.stringify(event.data),
        created_at: at,
      };
      await insertEvent.execute(db, row);
      return row;
    },

    findById: (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst(),

    async list(filters: {
      type?: string | undefined;
      subjectId?: string | undefined;
      limit: number;
      startingAfter?: string | undefined;
    }) {
      let query = db.selectFrom('events').selectAll();
      if (filters.type) query = query.where('type', '=', filters.type);
      if (filters.subjectId) query = query.where('subject_id', '=', filters.subjectId);
      if (filters.startingAfter) query = query.where('id', '>', filters.startingAfter);
      const rows = await query
        .orderBy('id')
        .limit(filters.limit + 1)
        .execute();
      return { rows: rows.slice(0, filters.limit), hasMore: rows.length > filters.limit };
    },
  };
}
