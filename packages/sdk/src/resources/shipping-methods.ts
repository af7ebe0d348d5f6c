import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateShippingMethodRequest,
  type ListShippingMethodsQuery,
  type ShippingMethod,
  ShippingMethodSchema,
  type UpdateShippingMethodRequest,
} from '../schemas/shipping-methods.js';

/** Filters of `shippingMethods.list()`: `regionId`, `active`, the page size and cursor. */
export type ShippingMethodListParams = Omit<ListShippingMethodsQuery, 'limit' | 'active'> & {
  limit?: number | undefined;
  active?: boolean | undefined;
};

/** The URL of one shipping method. */
const path = (id: string) => `/v1/shipping-methods/${encodeURIComponent(id)}`;

/**
 * Shipping methods: per region, a price rule (flat, free above a subtotal, weight tiers) and the subtotals they
 * are offered for. Anyone may read the active ones; admins see and change all.
 */
export class ShippingMethodsResource extends APIResource {
  /** `GET /v1/shipping-methods`: await for one page, or `for await` for every shipping method. */
  list(query?: ShippingMethodListParams, options?: RequestOptions): PagePromise<ShippingMethod> {
    return this.client.getAPIList('/v1/shipping-methods', query, options, ShippingMethodSchema);
  }

  /** `POST /v1/shipping-methods` (admin, 201). Amounts are in the region's currency. */
  create(body: CreateShippingMethodRequest, options?: RequestOptions): APIPromise<ShippingMethod> {
    return this.client.request('POST', '/v1/shipping-methods', { ...options, body }, ShippingMethodSchema);
  }

  /** `GET /v1/shipping-methods/:id`. 404 for an unknown one. */
  get(id: string, options?: RequestOptions): APIPromise<ShippingMethod> {
    return this.client.request('GET', path(id), options, ShippingMethodSchema);
  }

  /** `PATCH /v1/shipping-methods/:id` (admin): only the given fields change. `rule` replaces the whole rule. */
  update(
    id: string,
    body: UpdateShippingMethodRequest,
    options?: RequestOptions,
  ): APIPromise<ShippingMethod> {
    return this.client.request('PATCH', path(id), { ...options, body }, ShippingMethodSchema);
  }

  /** `DELETE /v1/shipping-methods/:id` (admin, 200): deletes it and returns it. */
  delete(id: string, options?: RequestOptions): APIPromise<ShippingMethod> {
    return this.client.request('DELETE', path(id), options, ShippingMethodSchema);
  }
}
