import type { EventSourceMessage } from 'eventsource-parser';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { APIError, TillpointError } from '../errors.js';
import { type Event, EventSchema, type EventType, type ListEventsQuery } from '../schemas/events.js';

/** Options of `events.stream()`. */
export interface EventStreamOptions {
  /** Only these event types. */
  types?: EventType[] | undefined;
  /** Resume after this event (the ID of the last one you handled). */
  lastEventId?: string | undefined;
  /** Stops the stream: the loop ends without an error. */
  signal?: AbortSignal | undefined;
  /** Give up after this many reconnects in a row without receiving anything (default: never). */
  maxReconnects?: number | undefined;
  /** Called before each reconnect with the attempt number and the delay, e.g. to log it. */
  onReconnect?: ((attempt: number, delayMs: number) => void) | undefined;
}

const MAX_RECONNECT_DELAY_MS = 30_000;

/** Filters of `events.list()`: {@link ListEventsQuery} with `limit` typed as passed, not as sent. */
export type EventListParams = Omit<ListEventsQuery, 'limit'> & { limit?: number | undefined };

/** Domain events (admin): one per state change. */
export class EventsResource extends APIResource {
  /** `GET /v1/events`: filter by `type` or `subjectId`; await for one page, or `for await` for every event. */
  list(query?: EventListParams, options?: RequestOptions): PagePromise<Event> {
    return this.client.getAPIList('/v1/events', query, options, EventSchema);
  }

  /**
   * `GET /v1/events/stream` (Server-Sent Events) as an async iterator: admins get every event, users the events of
   * their own orders and payments. A dropped connection is reopened with `Last-Event-ID`, so nothing is missed or
   * repeated; errors the daemon answers (401, 403, 422) end the loop by throwing.
   *
   * ```ts
   * for await (const event of client.events.stream({ types: ['order.paid'] })) console.log(event.subjectId);
   * ```
   */
  async *stream(options: EventStreamOptions = {}): AsyncGenerator<Event> {
    let lastEventId = options.lastEventId;
    let retryMs = 2_000;
    let failures = 0;
    while (!options.signal?.aborted) {
      let reader: ReadableStreamDefaultReader<EventSourceMessage> | undefined;
      // Aborting must end a read that is waiting for the next event, not just the next connection.
      const onAbort = () => void reader?.cancel().catch(() => {});
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const body = await this.client._openStream('GET', '/v1/events/stream', {
          query: options.types?.length ? { types: options.types.join(',') } : {},
          headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          signal: options.signal,
          maxRetries: 0,
        });
        // Anything the daemon sends (an event, a heartbeat comment, a retry hint) proves the connection alive.
        const alive = () => {
          failures = 0;
        };
        reader = body
          // A TextDecoderStream takes any BufferSource; the DOM typings cannot see that it accepts Uint8Array.
          .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
          .pipeThrough(
            new EventSourceParserStream({
              onRetry: (ms) => {
                retryMs = ms;
                alive();
              },
              onComment: alive,
            }),
          )
          .getReader();
        if (options.signal?.aborted) return;
        for (;;) {
          const { done, value: message } = await reader.read();
          if (done) break;
          alive();
          if (!message.data) continue;
          const event = JSON.parse(message.data) as Event;
          if (message.id) lastEventId = message.id;
          yield event;
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof APIError && error.status < 500 && error.status !== 429) throw error;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        await reader?.cancel().catch(() => {});
      }
      if (options.signal?.aborted) return;
      failures++;
      if (options.maxReconnects !== undefined && failures > options.maxReconnects) {
        throw new TillpointError(
          `The event stream could not be reopened after ${options.maxReconnects} attempts.`,
          {
            code: 'stream_lost',
          },
        );
      }
      const delay = Math.min(MAX_RECONNECT_DELAY_MS, retryMs * 2 ** Math.min(failures - 1, 4));
      options.onReconnect?.(failures, delay);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        options.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  /** `GET /v1/events/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<Event> {
    return this.client.request('GET', `/v1/events/${encodeURIComponent(id)}`, options, EventSchema);
  }
}
