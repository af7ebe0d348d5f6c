import type { Event, EventType } from '@tillpoint/sdk/schemas';
import type { Database } from '../../db/database-types.js';
import type { Principal } from '../../http/auth/principal.js';
import type { Logger } from '../../infra/logger.js';
import { type EventRow, toEvent } from './events-repository.js';

/** How often the outbox is read while someone listens. */
const POLL_MS = 200;
/**
 * Events are read again for this long after they were written: on PostgreSQL a transaction that started earlier can
 * commit later with a smaller ID, and must not be skipped. IDs already sent are remembered for the same window.
 */
const SETTLE_MS = 5_000;

export interface Subscriber {
  principal: Principal;
  types: ReadonlySet<string> | undefined;
  /** Events this subscriber already got from a replay. */
  seen?: ReadonlySet<string>;
  /** Live events start here (ISO time): older ones come only through a replay. Set by `subscribe`. */
  from?: string;
  send(event: Event): void;
}

/** Whether a principal may see an event: admins see everything, users only their own resources' events. */
export function visibleTo(principal: Principal, row: Pick<EventRow, 'owner_id'>): boolean {
  if (principal.role === 'admin') return true;
  return principal.kind !== 'anonymous' && principal.userId !== null && row.owner_id === principal.userId;
}

/**
 * Live delivery of outbox events to Server-Sent Events clients. One poller per daemon reads new rows of the shared
 * `events` table while there are subscribers, so every node of a cluster sees every event, whichever node wrote it.
 */
export function createEventStream(deps: { db: Database; logger: Logger; now: () => number }) {
  const subscribers = new Set<Subscriber>();
  const sent = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let since = new Date(deps.now() - SETTLE_MS).toISOString();
  let polling = false;

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const now = deps.now();
      const rows = await deps.db
        .selectFrom('events')
        .selectAll()
        .where('created_at', '>=', since)
        .orderBy('id')
        .limit(1_000)
        .execute();
      for (const row of rows) {
        if (sent.has(row.id)) continue;
        sent.set(row.id, now);
        const event = toEvent(row);
        for (const subscriber of subscribers) {
          if (subscriber.types && !subscriber.types.has(row.type)) continue;
          if (subscriber.seen?.has(row.id)) continue;
          if (subscriber.from && row.created_at < subscriber.from) continue;
          if (visibleTo(subscriber.principal, row)) subscriber.send(event);
        }
      }
      since = new Date(now - SETTLE_MS).toISOString();
      for (const [id, at] of sent) if (at < now - 2 * SETTLE_MS) sent.delete(id);
    } catch (error) {
      deps.logger.warn({ err: error }, 'event stream poll failed; retrying');
    } finally {
      polling = false;
    }
  }

  return {
    /** Adds a listener; the returned function removes it. Polling runs only while someone listens. */
    subscribe(subscriber: Subscriber): () => void {
      subscriber.from ??= new Date(deps.now()).toISOString();
      subscribers.add(subscriber);
      if (!timer) {
        since = new Date(deps.now() - SETTLE_MS).toISOString();
        timer = setInterval(() => void poll(), POLL_MS);
        timer.unref();
      }
      return () => {
        subscribers.delete(subscriber);
        if (subscribers.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },

    /** Events after `lastEventId` visible to the principal, oldest first (a reconnecting client catches up). */
    async replay(
      principal: Principal,
      lastEventId: string,
      types: ReadonlySet<string> | undefined,
    ): Promise<Event[]> {
      let query = deps.db.selectFrom('events').selectAll().where('id', '>', lastEventId);
      if (types) query = query.where('type', 'in', [...types] as EventType[]);
      if (principal.role !== 'admin') {
        query = query.where('owner_id', '=', principal.kind === 'anonymous' ? '' : (principal.userId ?? ''));
      }
      return (await query.orderBy('id').limit(10_000).execute()).map(toEvent);
    },

    subscriberCount: () => subscribers.size,
  };
}

export type EventStream = ReturnType<typeof createEventStream>;
