import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreatePromotionRequest,
  type ListPromotionsQuery,
  type Promotion,
  PromotionSchema,
  type UpdatePromotionRequest,
} from '../schemas/promotions.js';

/** Filters of `promotions.list()`: `code`, `active`, the page size and cursor. */
export type PromotionListParams = Omit<ListPromotionsQuery, 'limit' | 'active'> & {
  limit?: number | undefined;
  active?: boolean | undefined;
};

/** The URL of one promotion. */
const path = (id: string) => `/v1/promotions/${encodeURIComponent(id)}`;

/**
 * Promotions (admin): a code (case-insensitive) or automatic; a percentage or fixed amounts per currency; on the
 * subtotal, listed items or shipping; with a time window, usage limits and combinability.
 */
export class PromotionsResource extends APIResource {
  /** `GET /v1/promotions`: await for one page, or `for await` for every promotion. */
  list(query?: PromotionListParams, options?: RequestOptions): PagePromise<Promotion> {
    return this.client.getAPIList('/v1/promotions', query, options, PromotionSchema);
  }

  /** `POST /v1/promotions` (admin, 201). A code another promotion has (in any case) is 409 `code_taken`. */
  create(body: CreatePromotionRequest, options?: RequestOptions): APIPromise<Promotion> {
    return this.client.request('POST', '/v1/promotions', { ...options, body }, PromotionSchema);
  }

  /** `GET /v1/promotions/:id`. 404 for an unknown one. */
  get(id: string, options?: RequestOptions): APIPromise<Promotion> {
    return this.client.request('GET', path(id), options, PromotionSchema);
  }

  /** `PATCH /v1/promotions/:id` (admin): only the given fields change. */
  update(id: string, body: UpdatePromotionRequest, options?: RequestOptions): APIPromise<Promotion> {
    return this.client.request('PATCH', path(id), { ...options, body }, PromotionSchema);
  }

  /** `DELETE /v1/promotions/:id` (admin, 200): deletes it and returns it. A promotion already used is 409 `promotion_in_use`: deactivate it instead. */
  delete(id: string, options?: RequestOptions): APIPromise<Promotion> {
    return this.client.request('DELETE', path(id), options, PromotionSchema);
  }
}
