import {
  type Event,
  EventSchema,
  idSchema,
  ListEventsQuerySchema,
  listSchema,
  StreamEventsQuerySchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileResponse, withProblems } from '../../http/openapi.js';
import type { EventStream, Subscriber } from './event-stream.js';
import type { EventsService } from './events-service.js';

const tags = ['events'];

/** An event's SSE frame. */
const sseFrame = (event: Event) =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * The SSE frames of a read's events, rendered and encoded once however many clients get them: the stream hands the
 * same array to every subscriber that may see all of it, so rendering (and encoding) per client would cost the
 * fan-out's CPU N times over.
 */
const rendered = new WeakMap<readonly Event[], Buffer>();
function framesOf(events: readonly Event[]): Buffer {
  let frames = rendered.get(events);
  if (frames === undefined) {
    frames = Buffer.from(events.map(sseFrame).join(''));
    rendered.set(events, frames);
  }
  return frames;
}

/** `/v1/events`: the domain event log (admin). */
export const eventsRoutes: FastifyPluginAsyncZod<{
  events: EventsService;
  stream: EventStream;
  keepAliveMs: number;
}> = async (app, { events, stream, keepAliveMs }) => {
  const open = new Set<() => void>();
  // Streams never end by themselves: close them when the daemon shuts down, so it can.
  app.addHook('onClose', async () => {
    for (const close of open) close();
  });

  app.get(
    '/v1/events/stream',
    {
      config: { permission: 'events:stream', rateLimit: false },
      schema: {
        operationId: 'events.stream',
        tags,
        summary:
          'Server-Sent Events: live domain events (admins: all; users: their own), resumable with Last-Event-ID',
        querystring: StreamEventsQuerySchema,
        response: withProblems({
          200: fileResponse(
            'Server-Sent Events: `id` (the event ID), `event` (its type) and `data` (the Event as JSON)',
            ['text/event-stream'],
          ),
        }),
      },
    },
    async (request, reply) => {
      const types = request.query.types ? new Set<string>(request.query.types) : undefined;
      const lastEventId = request.headers['last-event-id'] ?? request.query.lastEventId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx: do not buffer this response.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      // Events delivered in one turn reach this client in one write: one stream write and one syscall per client per
      // read, not one per event (with 200 clients, per-event writes cost most of the fan-out).
      let batch: (readonly Event[])[] | null = null;
      const flush = () => {
        const lists = batch!;
        batch = null;
        if (!res.writableEnded)
          res.write(lists.length === 1 ? framesOf(lists[0]!) : Buffer.concat(lists.map(framesOf)));
      };
      const write = (events: readonly Event[]) => {
        if (batch === null) {
          batch = [];
          process.nextTick(flush);
        }
        batch.push(events);
      };
      res.write(`retry: 2000\n: connected\n\n`);
      // Live first, then the replay: an event written while the replay is read is held and sent after it (unless the
      // replay had it), so nothing written around the moment the stream opens falls between the two.
      let held: (readonly Event[])[] | null = [];
      const subscriber: Subscriber = {
        principal: request.principal,
        types,
        send: (events) => (held ? held.push(events) : write(events)),
      };
      const unsubscribe = stream.subscribe(subscriber);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
      const close = () => {
        clearInterval(keepAlive);
        unsubscribe();
        open.delete(close);
        res.end();
      };
      open.add(close);
      request.raw.once('close', close);
      try {
        const replayed =
          typeof lastEventId === 'string' && lastEventId.length > 0
            ? await stream.replay(request.principal, lastEventId, types)
            : [];
        const replayedIds = new Set(replayed.map((event) => event.id));
        // Live reads that come later skip what the replay sent.
        subscriber.seen = replayedIds;
        if (replayed.length > 0) write(replayed);
        for (const events of held) {
          const rest = events.filter((event) => !replayedIds.has(event.id));
          if (rest.length > 0) write(rest.length === events.length ? events : rest);
        }
        held = null;
      } catch (error) {
        request.log.warn({ err: error }, 'event stream replay failed; closing the stream');
        close();
      }
    },
  );

  app.get(
    '/v1/events',
    {
      config: { permission: 'events:read' },
      schema: {
        operationId: 'events.list',
        tags,
        summary: 'List domain events, oldest first',
        querystring: ListEventsQuerySchema,
        response: withProblems({ 200: listSchema(EventSchema) }),
      },
    },
    async (request) => events.list(request.query),
  );
  app.get(
    '/v1/events/:id',
    {
      config: { permission: 'events:read' },
      schema: {
        operationId: 'events.get',
        tags,
        summary: 'Get an event',
        params: z.object({ id: idSchema('evt') }),
        response: withProblems({ 200: EventSchema }),
      },
    },
    async (request) => events.get(request.params.id),
  );
};
