import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { CollectionListParams } from '../resources/collections.js';
import type { Collection } from '../schemas/collections.js';

/** Collections (a category page, a season, a sale). Their products: `products.list({ collection })`. */
export class StorefrontCollectionsResource extends APIResource {
  /** `GET /v1/collections`: await for one page, or `for await` for every collection. */
  list(query?: CollectionListParams, options?: RequestOptions): PagePromise<Collection> {
    return this.client.getAPIList('/v1/collections', query, options);
  }

  /** `GET /v1/collections/:ref`, by `col_…` ID or handle. 404 for an unknown one. */
  get(ref: string, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('GET', `/v1/collections/${encodeURIComponent(ref)}`, options);
  }
}
