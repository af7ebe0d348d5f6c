import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateRegionRequest,
  type ListRegionsQuery,
  type Region,
  RegionSchema,
  type UpdateRegionRequest,
} from '../schemas/regions.js';

/** Filters of `regions.list()`: `country`, the page size and cursor. */
export type RegionListParams = Omit<ListRegionsQuery, 'limit'> & {
  limit?: number | undefined;
};

/** The URL of one region. */
const path = (id: string) => `/v1/regions/${encodeURIComponent(id)}`;

/**
 * Regions: the markets the shop sells to, each with its countries (a country in at most one region), one
 * currency, and whether its prices include tax. Anyone may read them; changes need an admin.
 */
export class RegionsResource extends APIResource {
  /** `GET /v1/regions`: await for one page, or `for await` for every region. */
  list(query?: RegionListParams, options?: RequestOptions): PagePromise<Region> {
    return this.client.getAPIList('/v1/regions', query, options, RegionSchema);
  }

  /** `POST /v1/regions` (admin, 201). A country in another region is 409 `country_taken`; an unknown country code 422. */
  create(body: CreateRegionRequest, options?: RequestOptions): APIPromise<Region> {
    return this.client.request('POST', '/v1/regions', { ...options, body }, RegionSchema);
  }

  /** `GET /v1/regions/:id`. 404 for an unknown one. */
  get(id: string, options?: RequestOptions): APIPromise<Region> {
    return this.client.request('GET', path(id), options, RegionSchema);
  }

  /** `PATCH /v1/regions/:id` (admin): only the given fields change. `countries` replaces the list. */
  update(id: string, body: UpdateRegionRequest, options?: RequestOptions): APIPromise<Region> {
    return this.client.request('PATCH', path(id), { ...options, body }, RegionSchema);
  }

  /** `DELETE /v1/regions/:id` (admin, 200): deletes it and returns it. 409 `region_in_use` while tax rates or shipping methods belong to it. */
  delete(id: string, options?: RequestOptions): APIPromise<Region> {
    return this.client.request('DELETE', path(id), options, RegionSchema);
  }
}
