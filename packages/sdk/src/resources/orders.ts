import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateOrderRequest,
  type ListOrdersQuery,
  type Order,
  OrderSchema,
  type OrderTransitionRequestSchema,
} from '../schemas/orders.js';
import { type OrderDetail, OrderDetailSchema } from '../schemas/payments.js';

/** Filters of `orders.list()`: {@link ListOrdersQuery} with `limit` typed as passed, not as sent. */
export type OrderListParams = Omit<ListOrdersQuery, 'limit'> & { limit?: number | undefined };

/** Body of `orders.cancel()`, `fulfill()` and `complete()`: an optional reason for the status history. */
export type OrderTransitionParams = z.input<typeof OrderTransitionRequestSchema>;

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/orders/${encodeURIComponent(id)}`;

/** Orders. Users see and place their own; admins see all and may order for a user. */
export class OrdersResource extends APIResource {
  /**
   * `POST /v1/orders` (201): totals are priced by the server. 409 `out_of_stock`, 422 `product_unavailable`,
   * 409 `currency_mismatch` when the items are priced in different currencies.
   */
  create(body: CreateOrderRequest, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('POST', '/v1/orders', { ...options, body }, OrderDetailSchema);
  }

  /** `GET /v1/orders`: newest first by default; await for one page, or `for await` for every order. */
  list(query?: OrderListParams, options?: RequestOptions): PagePromise<Order> {
    return this.client.getAPIList('/v1/orders', query, options, OrderSchema);
  }

  /** `GET /v1/orders/:id`: the order with its payments, refunds and status history. */
  get(id: string, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('GET', path(id), options, OrderDetailSchema);
  }

  /** `POST /v1/orders/:id/cancel`. 409 `invalid_transition` when the order can no longer be cancelled. */
  cancel(id: string, body: OrderTransitionParams = {}, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('POST', `${path(id)}/cancel`, { ...options, body }, OrderDetailSchema);
  }

  /** `POST /v1/orders/:id/fulfill`: a paid order was shipped or handed over. 409 `invalid_transition`. */
  fulfill(id: string, body: OrderTransitionParams = {}, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('POST', `${path(id)}/fulfill`, { ...options, body }, OrderDetailSchema);
  }

  /** `POST /v1/orders/:id/complete`: closes a fulfilled order. 409 `invalid_transition`. */
  complete(id: string, body: OrderTransitionParams = {}, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('POST', `${path(id)}/complete`, { ...options, body }, OrderDetailSchema);
  }
}
