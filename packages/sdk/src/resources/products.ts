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
import { ProductMediaResource } from './product-media.js';
import { ProductVariantsResource } from './product-variants.js';

/**
 * Filters of `products.list()`: {@link ListProductsQuery} with the numbers and flags typed as passed, not as sent.
 * `minPrice` and `maxPrice` are minor units of `currency`, which they need.
 */
export type ProductListParams = Omit<
  ListProductsQuery,
  'limit' | 'active' | 'inStock' | 'minPrice' | 'maxPrice'
> & {
  limit?: number | undefined;
  active?: boolean | undefined;
  inStock?: boolean | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
};

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/products/${encodeURIComponent(id)}`;

/** The catalog. Anyone may read active products; changes need an admin. */
export class ProductsResource extends APIResource {
  /** `/v1/products/:id/variants`: list a product's variants and add one. */
  readonly variants: ProductVariantsResource = new ProductVariantsResource(this.client);
  /** `/v1/products/:id/media`: list a product's images and upload one. */
  readonly media: ProductMediaResource = new ProductMediaResource(this.client);

  /**
   * `POST /v1/products` (admin, 201): the simple form (`sku`, `price`, `currency`, `stock`: one default variant) or
   * `options` with `variants`. 409 `sku_taken` or `handle_taken`; 422 `variant_required` or `options_invalid`.
   */
  create(body: CreateProductRequest, options?: RequestOptions): APIPromise<Product> {
    return this.client.request('POST', '/v1/products', { ...options, body }, ProductSchema);
  }

  /**
   * `GET /v1/products`: await for one page, or `for await` for every product. Non-admins see active ones only.
   * Filters: `q` (full-text search over names, descriptions, SKUs and option values, ranked by relevance),
   * `collection` (ID or handle), `currency` with `minPrice`/`maxPrice`, `inStock` and, for admins, `active`.
   */
  list(query?: ProductListParams, options?: RequestOptions): PagePromise<Product> {
    return this.client.getAPIList('/v1/products', query, options, ProductSchema);
  }

  /** `GET /v1/products/:id`: the product with its options, variants and media. 404 for an unknown one. */
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

  /**
   * `POST /v1/products/:id/stock-adjustments` (admin, 201): a signed change of stock with a reason, for a product
   * with one variant (422 `variant_required` otherwise: use `client.variants.adjustStock`).
   */
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
