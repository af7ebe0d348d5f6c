import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type ListWebhookDeliveriesQuery,
  type WebhookDelivery,
  WebhookDeliverySchema,
} from '../schemas/webhooks.js';

/** Filters of `webhookDeliveries.list()` with `limit` typed as passed. */
export type WebhookDeliveryListParams = Omit<ListWebhookDeliveriesQuery, 'limit'> & {
  limit?: number | undefined;
};

const path = (id: string) => `/v1/webhook-deliveries/${encodeURIComponent(id)}`;

/** The outbound delivery log, newest first (admin). */
export class WebhookDeliveriesResource extends APIResource {
  /** `GET /v1/webhook-deliveries`: filter by `endpointId`, `status` or `eventType`. */
  list(query?: WebhookDeliveryListParams, options?: RequestOptions): PagePromise<WebhookDelivery> {
    return this.client.getAPIList('/v1/webhook-deliveries', query, options, WebhookDeliverySchema);
  }

  /** `GET /v1/webhook-deliveries/:id`: with the latest attempt's status code, latency and response excerpt. */
  get(id: string, options?: RequestOptions): APIPromise<WebhookDelivery> {
    return this.client.request('GET', path(id), options, WebhookDeliverySchema);
  }

  /** `POST /v1/webhook-deliveries/:id/redeliver`: sends it again now, with the same `webhook-id`. */
  redeliver(id: string, options?: RequestOptions): APIPromise<WebhookDelivery> {
    return this.client.request('POST', `${path(id)}/redeliver`, options, WebhookDeliverySchema);
  }
}
