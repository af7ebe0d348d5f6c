import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { Variant } from '../schemas/products.js';

/** One variant by its `var_…` ID: SKU, option values, prices and stock. */
export class StorefrontVariantsResource extends APIResource {
  /** `GET /v1/variants/:id`. 404 for an unknown variant. */
  get(id: string, options?: RequestOptions): APIPromise<Variant> {
    return this.client.request('GET', `/v1/variants/${encodeURIComponent(id)}`, options);
  }
}
