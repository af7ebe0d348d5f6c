import type { Event, EventType } from '@tillpoint/sdk/schemas';
import type { Principal } from '../../core/principal.js';
import type { CommitSignals } from '../../db/commit-signals.js';
import type { Database } from '../../db/database-types.js';
import type { Logger } from '../../infra/logger.js';
import { type EventRow, toEvent } from './events-repository.js';

/** A commit wakes the stream only if an event was appended this recently (most commits write one, some none). */
const RECENT_APPEND_MS = 1_000;
/** Another node is told at most once per this many milliseconds (the last wake in a burst is always sent). */
const REMOTE_WAKE_MS = 5;
/**
 * The outbox is read at most once per this many milliseconds on wake-ups (the first wake after a quiet spell reads at
 * once; the last one of a burst is never dropped). Each read costs one write per listening client, so under a burst of
 * commits this bounds the fan-out's cost at the price of a few milliseconds of delivery latency.
 */
const LOCAL_READ_GAP_MS = 10;
/** The topic of the cross-node wake-ups (`infra/redis/redis-wakeups.ts`) that mean "events committed". */
export const EVENT_STREAM_WAKE_TOPIC = 'event-stream';
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
  /**
   * The events of one read this subscriber may see, oldest first. Every subscriber that may see all of them gets the
   * same array, so a client can render it once for all (`events-routes.ts`).
   */
  send(events: readonly Event[]): void;
}

/** Whether a subscriber gets a row: its types, not already replayed to it, live, and visible to its principal. */
function receives(subscriber: Subscriber, row: EventRow): boolean {
  if (subscriber.types && !subscriber.types.has(row.type)) return false;
  if (subscriber.seen?.has(row.id)) return false;
  if (subscriber.from && row.created_at < subscriber.from) return false;
  return visibleTo(subscriber.principal, row);
}

/** Whether a principal may see an event: admins see everything, users only their own resources' events. */
export function visibleTo(principal: Principal, row: Pick<EventRow, 'owner_id'>): boolean {
  if (principal.role === 'admin') return true;
  return principal.kind !== 'anonymous' && principal.userId !== null && row.owner_id === principal.userId;
}

/**
 * Live delivery of outbox events to Server-Sent Events clients. One reader per daemon reads new rows of the shared
 * `events` table while there are subscribers, so every node of a cluster sees every event, whichever node wrote it.
 * It reads when a transaction that appended events commits (`db/commit-signals.ts`), when another node says so
 * (`broadcast`), and on a slow timer. Rows are only ever read after their commit, so nothing is delivered early.
 */
export function createEventStream(deps: {
  db: Database;
  logger: Logger;
  now: () => number;
  commits?: Pick<CommitSignals, 'subscribe'>;
  /** Cluster: tells the other nodes that events committed here. */
  broadcast?: ((topic: string) => void) | undefined;
  /**
   * Whether transactions commit concurrently (PostgreSQL), so a row can commit after one with a larger ID: then every
   * read, not only the timer's, also looks for such stragglers.
   */
  concurrentWriters?: boolean;
  /**
   * How often the outbox is read while someone listens, whatever the wake-ups say (`eventStreamPollMs`): the safety
   * net for a lost wake-up (another node's, while Redis is down) and the pass that catches stragglers.
   */
  pollMs: number;
}) {
  const subscribers = new Set<Subscriber>();
  const sent = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<unknown> = Promise.resolve();
  let highWater: string | undefined;
  let polling = false;
  let again = false;
  let wakeQueued = false;
  let appendedAt = Number.NEGATIVE_INFINITY;
  const remoteWake = deps.broadcast
    ? trailingThrottle(() => deps.broadcast?.(EVENT_STREAM_WAKE_TOPIC), REMOTE_WAKE_MS)
    : undefined;
  const readSoon = trailingThrottle(() => {
    if (timer) void starting.then(() => poll(deps.concurrentWriters === true));
  }, LOCAL_READ_GAP_MS);

  deps.commits?.subscribe(() => {
    if (deps.now() - appendedAt > RECENT_APPEND_MS) return;
    remoteWake?.();
    wakeLocal();
  });

  /**
   * Reads new rows soon: at the end of this turn (one read answers every wake-up of the turn), and during a burst at
   * most once per `LOCAL_READ_GAP_MS`.
   */
  function wakeLocal() {
    if (!timer || wakeQueued) return;
    wakeQueued = true;
    setImmediate(() => {
      wakeQueued = false;
      readSoon();
    });
  }

  /** Delivers the rows of a read to every subscriber that may see them, each row once. */
  function deliver(rows: readonly EventRow[], now: number) {
    const fresh = rows.filter((row) => !sent.has(row.id));
    if (fresh.length === 0) return;
    for (const row of fresh) sent.set(row.id, now);
    const events = fresh.map(toEvent);
    for (const subscriber of subscribers) {
      const mine = events.filter((_, index) => receives(subscriber, fresh[index]!));
      if (mine.length > 0) subscriber.send(mine.length === events.length ? events : mine);
    }
  }

  /**
   * New rows are read by ID after the highest one seen (pages of 1,000). On the timer, the IDs written in the settle
   * window are then checked for stragglers: rows that committed after a row with a larger ID (possible on PostgreSQL).
   * A wake-up during a read runs one more read after it.
   */
  async function poll(stragglers: boolean) {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      const now = deps.now();
      for (;;) {
        let query = deps.db.selectFrom('events').selectAll();
        if (highWater) query = query.where('id', '>', highWater);
        const rows = await query.orderBy('id').limit(PAGE).execute();
        deliver(rows, now);
        if (rows.length > 0) highWater = rows.at(-1)!.id;
        if (rows.length < PAGE) break;
      }
      if (stragglers) await checkStragglers(now);
    } catch (error) {
      deps.logger.warn({ err: error }, 'event stream poll failed; retrying');
    } finally {
      polling = false;
    }
    if (again && timer) {
      again = false;
      await poll(deps.concurrentWriters === true);
    }
  }

  async function checkStragglers(now: number) {
    const since = new Date(now - SETTLE_MS).toISOString();
    const recent = await deps.db.selectFrom('events').select('id').where('created_at', '>=', since).execute();
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
      deliver(late, now);
    }
    for (const [id, at] of sent) if (at < now - 2 * SETTLE_MS) sent.delete(id);
  }

  /**
   * Starts reading after the newest event written before `from` (the first subscriber's start): history is the
   * replay's job. Events written from `from` on are read, even those that committed before this query ran (the
   * client may have written one the moment its stream opened).
   */
  async function startFrom(from: string) {
    const newest = await deps.db
      .selectFrom('events')
      .select('id')
      .where('created_at', '<', from)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    highWater = newest?.id;
    const since = new Date(deps.now() - SETTLE_MS).toISOString();
    for (const row of await deps.db
      .selectFrom('events')
      .select('id')
      .where('created_at', '>=', since)
      .where('created_at', '<', from)
      .execute()) {
      sent.set(row.id, deps.now());
    }
  }

  return {
    /** Adds a listener; the returned function removes it. Polling runs only while someone listens. */
    subscribe(subscriber: Subscriber): () => void {
      subscriber.from ??= new Date(deps.now()).toISOString();
      const from = subscriber.from;
      subscribers.add(subscriber);
      if (!timer) {
        starting = startFrom(from).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'event stream start failed'),
        );
        timer = setInterval(() => void starting.then(() => poll(true)), deps.pollMs);
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

    /** The outbox appended an event: the commit that follows wakes the stream (see `RECENT_APPEND_MS`). */
    noteAppend(): void {
      appendedAt = deps.now();
    },

    /** Another node committed events: read them now. */
    wakeLocal,
  };
}

/** Runs `action` at once, then at most once per `gapMs`, never dropping the last call of a burst. */
function trailingThrottle(action: () => void, gapMs: number): () => void {
  let cooling: NodeJS.Timeout | undefined;
  let pending = false;
  const cool = () => {
    cooling = setTimeout(() => {
      cooling = undefined;
      if (!pending) return;
      pending = false;
      action();
      cool();
    }, gapMs);
    cooling.unref();
  };
  return () => {
    if (cooling) {
      pending = true;
      return;
    }
    action();
    cool();
  };
}

export type EventStream = ReturnType<typeof createEventStream>;
