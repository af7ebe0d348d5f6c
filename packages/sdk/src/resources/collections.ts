import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type Collection,
  type CollectionMembershipRequest,
  CollectionSchema,
  type CreateCollectionRequest,
  type UpdateCollectionRequest,
} from '../schemas/collections.js';
import type { PageQuery } from '../schemas/common.js';

/** Filters of `collections.list()`: the page size and cursor. */
export type CollectionListParams = Partial<PageQuery>;

/** The URL of one collection; `ref` is its `col_…` ID or its handle. */
const path = (ref: string) => `/v1/collections/${encodeURIComponent(ref)}`;
/** The URL of one product's membership of a collection. */
const memberPath = (ref: string, productId: string) =>
  `${path(ref)}/products/${encodeURIComponent(productId)}`;

/**
 * Collections: named, ordered sets of products (a category page, a season, a sale). Anyone may read them; changes
 * need an admin. Methods take a collection ID or handle.
 */
export class CollectionsResource extends APIResource {
  /** `GET /v1/collections`: await for one page, or `for await` for every collection. */
  list(query?: CollectionListParams, options?: RequestOptions): PagePromise<Collection> {
    return this.client.getAPIList('/v1/collections', query, options, CollectionSchema);
  }

  /** `POST /v1/collections` (admin, 201). The handle is minted from the title when absent; 409 `handle_taken`. */
  create(body: CreateCollectionRequest, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('POST', '/v1/collections', { ...options, body }, CollectionSchema);
  }

  /** `GET /v1/collections/:ref`, by ID or handle. 404 for an unknown one. */
  get(ref: string, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('GET', path(ref), options, CollectionSchema);
  }

  /** `PATCH /v1/collections/:ref` (admin): only the given fields change. 409 `handle_taken`. */
  update(ref: string, body: UpdateCollectionRequest, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('PATCH', path(ref), { ...options, body }, CollectionSchema);
  }

  /** `DELETE /v1/collections/:ref` (admin, 200): deletes the collection (not its products) and returns it. */
  delete(ref: string, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('DELETE', path(ref), options, CollectionSchema);
  }

  /**
   * `PUT /v1/collections/:ref/products/:productId` (admin, 200): adds the product at `position` (0-based; the end
   * when absent), or moves it there when it is already a member. Returns the collection. 404 for an unknown product.
   */
  addProduct(
    ref: string,
    productId: string,
    body: CollectionMembershipRequest = {},
    options?: RequestOptions,
  ): APIPromise<Collection> {
    return this.client.request('PUT', memberPath(ref, productId), { ...options, body }, CollectionSchema);
  }

  /** `DELETE /v1/collections/:ref/products/:productId` (admin, 200): removes the product; returns the collection. */
  removeProduct(ref: string, productId: string, options?: RequestOptions): APIPromise<Collection> {
    return this.client.request('DELETE', memberPath(ref, productId), options, CollectionSchema);
  }
}
