import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { ProductListParams } from '../resources/products.js';
import type { Product } from '../schemas/products.js';

/** The catalog as shoppers see it: active products, each with its options, variants (prices, stock) and media. */
export class StorefrontProductsResource extends APIResource {
  /**
   * `GET /v1/products`: await for one page, or `for await` for every product. Filters: `q` (full-text search),
   * `collection` (ID or handle), `currency` with `minPrice`/`maxPrice`, `inStock`.
   */
  list(query?: ProductListParams, options?: RequestOptions): PagePromise<Product> {
    return this.client.getAPIList('/v1/products', query, options);
  }

  /** `GET /v1/products/:id`: the product with its options, variants and media. 404 for an unknown one. */
  get(id: string, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('GET', `/v1/products/${encodeURIComponent(id)}`, options);
  }
}
