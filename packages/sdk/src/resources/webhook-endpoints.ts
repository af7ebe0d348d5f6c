import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { PageQuery } from '../schemas/common.js';
import {
  type CreateWebhookEndpointRequest,
  type RotateWebhookSecretRequest,
  type UpdateWebhookEndpointRequest,
  type WebhookEndpoint,
  WebhookEndpointSchema,
  type WebhookEndpointWithSecret,
  WebhookEndpointWithSecretSchema,
} from '../schemas/webhooks.js';

const path = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;

/** Where outbound webhooks go (admin). The signing secret is returned by `create` and `rotateSecret` only. */
export class WebhookEndpointsResource extends APIResource {
  /** `POST /v1/webhook-endpoints` (201). 422 `url_not_allowed` for private or loopback targets. */
  create(
    body: CreateWebhookEndpointRequest,
    options?: RequestOptions,
  ): APIPromise<WebhookEndpointWithSecret> {
    return this.client.request(
      'POST',
      '/v1/webhook-endpoints',
      { ...options, body },
      WebhookEndpointWithSecretSchema,
    );
  }

  /** `GET /v1/webhook-endpoints`. */
  list(query?: Partial<PageQuery>, options?: RequestOptions): PagePromise<WebhookEndpoint> {
    return this.client.getAPIList('/v1/webhook-endpoints', query, options, WebhookEndpointSchema);
  }

  /** `GET /v1/webhook-endpoints/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this.client.request('GET', path(id), options, WebhookEndpointSchema);
  }

  /** `PATCH /v1/webhook-endpoints/:id`; `status: 'enabled'` re-enables an endpoint the daemon disabled. */
  update(
    id: string,
    body: UpdateWebhookEndpointRequest,
    options?: RequestOptions,
  ): APIPromise<WebhookEndpoint> {
    return this.client.request('PATCH', path(id), { ...options, body }, WebhookEndpointSchema);
  }

  /** `DELETE /v1/webhook-endpoints/:id` (204), with its delivery log. */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.client.request('DELETE', path(id), options);
  }

  /** `POST /v1/webhook-endpoints/:id/rotate-secret`: a new secret; the old one also signs for `graceHours` (24). */
  rotateSecret(
    id: string,
    body: RotateWebhookSecretRequest = {},
    options?: RequestOptions,
  ): APIPromise<WebhookEndpointWithSecret> {
    return this.client.request(
      'POST',
      `${path(id)}/rotate-secret`,
      { ...options, body },
      WebhookEndpointWithSecretSchema,
    );
  }
}
