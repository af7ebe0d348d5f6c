import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { type Event, EventSchema, type ListEventsQuery } from '../schemas/events.js';

/** Filters of `events.list()`: {@link ListEventsQuery} with `limit` typed as passed, not as sent. */
export type EventListParams = Omit<ListEventsQuery, 'limit'> & { limit?: number | undefined };

/** Domain events (admin): one per state change. */
export class EventsResource extends APIResource {
  /** `GET /v1/events`: filter by `type` or `subjectId`; await for one page, or `for await` for every event. */
  list(query?: EventListParams, options?: RequestOptions): PagePromise<Event> {
    return this.client.getAPIList('/v1/events', query, options, EventSchema);
  }

  /** `GET /v1/events/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<Event> {
    return this.client.request('GET', `/v1/events/${encodeURIComponent(id)}`, options, EventSchema);
  }
}
