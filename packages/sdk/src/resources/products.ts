import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateProductRequest,
  type ListProductsQuery,
  type Product,
  ProductSchema,
  type StockAdjustment,
  type StockAdjustmentRequest,
  StockAdjustmentSchema,
  type UpdateProductRequest,
} from '../schemas/products.js';

/** Filters of `products.list()`: {@link ListProductsQuery} with `limit` and `active` typed as passed, not as sent. */
export type ProductListParams = Omit<ListProductsQuery, 'limit' | 'active'> & {
  limit?: number | undefined;
  active?: boolean | undefined;
};

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/products/${encodeURIComponent(id)}`;

/** The catalog. Anyone may read active products; changes need an admin. */
export class ProductsResource extends APIResource {
  /** `POST /v1/products` (admin, 201). 409 `sku_taken` when the SKU is in use. */
  create(body: CreateProductRequest, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('POST', '/v1/products', { ...options, body }, ProductSchema);
  }

  /** `GET /v1/products`: await for one page, or `for await` for every product. Non-admins see active ones only. */
  list(query?: ProductListParams, options?: RequestOptions): PagePromise<Product> {
    return this.client.getAPIList('/v1/products', query, options, ProductSchema);
  }

  /** `GET /v1/products/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('GET', path(id), options, ProductSchema);
  }

  /** `PATCH /v1/products/:id` (admin): only the given fields change. Stock changes go through `adjustStock`. */
  update(id: string, body: UpdateProductRequest, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('PATCH', path(id), { ...options, body }, ProductSchema);
  }

  /** `DELETE /v1/products/:id` (admin): archives the product (`active: false`) and returns it. */
  archive(id: string, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('DELETE', path(id), options, ProductSchema);
  }

  /** `POST /v1/products/:id/stock-adjustments` (admin, 201): a signed change of stock with a reason. */
  adjustStock(
    id: string,
    body: StockAdjustmentRequest,
    options?: RequestOptions,
  ): APIPromise<StockAdjustment> {
    return this.client.request(
      'POST',
      `${path(id)}/stock-adjustments`,
      { ...options, body },
      StockAdjustmentSchema,
    );
  }
}
