import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateSavedAddressRequest,
  type SavedAddress,
  SavedAddressSchema,
  type UpdateSavedAddressRequest,
} from '../schemas/addresses.js';
import type { PageQuery } from '../schemas/common.js';

/** Filters of `me.addresses.list()`: the page size and cursor. */
export type SavedAddressListParams = Partial<PageQuery>;

/** The URL of one saved address, its ID URL-encoded. */
const path = (id: string) => `/v1/me/addresses/${encodeURIComponent(id)}`;

/**
 * `/v1/me/addresses`: the signed-in user's address book (at most 50 addresses), with one default shipping and one
 * default billing address. Another user's address answers 404.
 */
export class MeAddressesResource extends APIResource {
  /** `GET /v1/me/addresses`: the defaults first, then the newest. Await for one page, or `for await` for all. */
  list(query?: SavedAddressListParams, options?: RequestOptions): PagePromise<SavedAddress> {
    return this.client.getAPIList('/v1/me/addresses', query, options, SavedAddressSchema);
  }

  /**
   * `POST /v1/me/addresses` (201). The first address becomes both defaults unless the flags say otherwise; making
   * one the default clears the previous default. 422 `address_limit_reached` past 50 addresses, 422
   * `validation_failed` for a country or subdivision that is not an assigned ISO code.
   */
  create(body: CreateSavedAddressRequest, options?: RequestOptions): APIPromise<SavedAddress> {
    return this.client.request('POST', '/v1/me/addresses', { ...options, body }, SavedAddressSchema);
  }

  /** `GET /v1/me/addresses/:id`. 404 for an unknown ID or another user's address. */
  get(id: string, options?: RequestOptions): APIPromise<SavedAddress> {
    return this.client.request('GET', path(id), options, SavedAddressSchema);
  }

  /**
   * `PATCH /v1/me/addresses/:id`: `address` replaces the whole address; `isDefaultShipping`/`isDefaultBilling`
   * `true` make it the default (clearing the previous one), `false` leaves no default of that kind.
   */
  update(id: string, body: UpdateSavedAddressRequest, options?: RequestOptions): APIPromise<SavedAddress> {
    return this.client.request('PATCH', path(id), { ...options, body }, SavedAddressSchema);
  }

  /** `DELETE /v1/me/addresses/:id` (200): removes the address and returns it; a deleted default leaves none. */
  delete(id: string, options?: RequestOptions): APIPromise<SavedAddress> {
    return this.client.request('DELETE', path(id), options, SavedAddressSchema);
  }
}
