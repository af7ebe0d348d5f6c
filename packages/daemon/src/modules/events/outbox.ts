import type { Executor } from '../../db/database-types.js';
import { type EventRow, eventsRepository, type NewEvent } from './events-repository.js';

/** An event as reactions receive it: the outbox row, just written. */
export type OutboxEvent = EventRow;

/** Work an event causes (webhook deliveries, emails), written in the same transaction as the event. */
export type EventReaction = (trx: Executor, event: EventRow) => Promise<void>;

/**
 * The transactional outbox. Services call `append` with the transaction that makes a change; the event and every
 * job it causes commit or roll back with that change, so after a crash nothing is half-done.
 * Reactions are registered by the composition root (`services.ts`).
 */
export function createOutbox() {
  const reactions: EventReaction[] = [];
  return {
    react(reaction: EventReaction) {
      reactions.push(reaction);
    },
    async append(trx: Executor, event: NewEvent, at: string): Promise<EventRow> {
      const row = await eventsRepository(trx).append(event, at);
      for (const reaction of reactions) await reaction(trx, row);
      return row;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
