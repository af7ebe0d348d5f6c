import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateVariantRequest,
  type ListVariantsQuerySchema,
  type Variant,
  VariantSchema,
} from '../schemas/products.js';

/**
 * Filters of `products.variants.list()`: `ListVariantsQuerySchema` with `limit` and `active` typed as passed, not
 * as sent.
 */
export type VariantListParams = Omit<z.input<typeof ListVariantsQuerySchema>, 'limit' | 'active'> & {
  limit?: number | undefined;
  active?: boolean | undefined;
};

/** The variants URL of one product, its ID URL-encoded. */
const path = (productId: string) => `/v1/products/${encodeURIComponent(productId)}/variants`;

/** The variants of one product (`client.products.variants`). A single variant is read and changed with `client.variants`. */
export class ProductVariantsResource extends APIResource {
  /**
   * `GET /v1/products/:id/variants`, in their position order: await for one page, or `for await` for every variant.
   * Admins see archived variants too unless `active` is given; others see active ones only. 404 for an unknown product.
   */
  list(productId: string, query?: VariantListParams, options?: RequestOptions): PagePromise<Variant> {
    return this.client.getAPIList(path(productId), query, options, VariantSchema);
  }

  /**
   * `POST /v1/products/:id/variants` (admin, 201). 409 `sku_taken` when the SKU is in use; 422 `options_invalid` when
   * `options` does not give one allowed value for each of the product's options.
   */
  create(productId: string, body: CreateVariantRequest, options?: RequestOptions): APIPromise<Variant> {
    return this.client.request('POST', path(productId), { ...options, body }, VariantSchema);
  }
}
