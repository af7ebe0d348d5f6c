import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { OrderListParams } from '../resources/orders.js';
import type { Order } from '../schemas/orders.js';
import type { OrderDetail } from '../schemas/payments.js';

/** The shopper's orders: a guest's by its order token (kept by `carts.complete`), a customer's by their session. */
export class StorefrontOrdersResource extends APIResource {
  /** `GET /v1/orders/:id`: the order with its payments, refunds and status history. 404 without access. */
  get(id: string, options?: RequestOptions): APIPromise<OrderDetail> {
    return this.client.request('GET', `/v1/orders/${encodeURIComponent(id)}`, options);
  }

  /** `GET /v1/orders` (signed in): the customer's own orders, newest first. */
  list(query?: OrderListParams, options?: RequestOptions): PagePromise<Order> {
    return this.client.getAPIList('/v1/orders', query, options);
  }
}
