import type { Event, EventType } from '@tillpoint/sdk/schemas';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database-types.js';
import type { Logger } from '../../infra/logger.js';
import { type EventRow, toEvent } from './events-repository.js';

/** How often the outbox is read while someone listens. */
const POLL_MS = 200;
/**
 * Events are read again for this long after they were written: on PostgreSQL a transaction that started earlier can
 * commit later with a smaller ID, and must not be skipped. IDs already sent are remembered for the same window.
 */
const SETTLE_MS = 5_000;
/** Rows read per query. */
const PAGE = 1_000;

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
  let highWater: string | undefined;
  let polling = false;

  /** Delivers a row to every subscriber that may see it, once. */
  function deliver(row: EventRow, now: number) {
    if (sent.has(row.id)) return;
    sent.set(row.id, now);
    const event = toEvent(row);
    for (const subscriber of subscribers) {
      if (subscriber.types && !subscriber.types.has(row.type)) continue;
      if (subscriber.seen?.has(row.id)) continue;
      if (subscriber.from && row.created_at < subscriber.from) continue;
      if (visibleTo(subscriber.principal, row)) subscriber.send(event);
    }
  }

  /**
   * New rows are read by ID after the highest one seen (pages of 1,000). Then the IDs written in the settle window
   * are checked for stragglers: rows that committed after a row with a larger ID (possible on PostgreSQL).
   */
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const now = deps.now();
      for (;;) {
        let query = deps.db.selectFrom('events').selectAll();
        if (highWater) query = query.where('id', '>', highWater);
        const rows = await query.orderBy('id').limit(PAGE).execute();
        for (const row of rows) deliver(row, now);
        if (rows.length > 0) highWater = rows.at(-1)!.id;
        if (rows.length < PAGE) break;
      }
      const since = new Date(now - SETTLE_MS).toISOString();
      const recent = await deps.db
        .selectFrom('events')
        .select('id')
        .where('created_at', '>=', since)
        .execute();
      const missing = recent
        .map((row) => row.id)
        .filter((id) => !sent.has(id) && (!highWater || id <= highWater));
      if (missing.length > 0) {
        const late = await deps.db
          .selectFrom('events')
          .selectAll()
          .where('id', 'in', missing)
          .orderBy('id')
          .execute();
        for (const row of late) deliver(row, now);
      }
      for (const [id, at] of sent) if (at < now - 2 * SETTLE_MS) sent.delete(id);
    } catch (error) {
      deps.logger.warn({ err: error }, 'event stream poll failed; retrying');
    } finally {
      polling = false;
    }
  }

  /** Starts reading after the newest existing event: history is the replay's job. */
  async function startFromNow() {
    const newest = await deps.db
      .selectFrom('events')
      .select('id')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    highWater = newest?.id;
    const since = new Date(deps.now() - SETTLE_MS).toISOString();
    for (const row of await deps.db
      .selectFrom('events')
      .select('id')
      .where('created_at', '>=', since)
      .execute()) {
      sent.set(row.id, deps.now());
    }
  }

  return {
    /** Adds a listener; the returned function removes it. Polling runs only while someone listens. */
    subscribe(subscriber: Subscriber): () => void {
      subscriber.from ??= new Date(deps.now()).toISOString();
      subscribers.add(subscriber);
      if (!timer) {
        const starting = startFromNow().catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'event stream start failed'),
        );
        timer = setInterval(() => void starting.then(poll), POLL_MS);
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
