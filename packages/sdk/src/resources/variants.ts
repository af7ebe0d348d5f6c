import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import {
  type StockAdjustment,
  type StockAdjustmentRequest,
  StockAdjustmentSchema,
  type UpdateVariantRequest,
  type Variant,
  VariantSchema,
} from '../schemas/products.js';

/** The URL of one variant, its ID URL-encoded. */
const path = (id: string) => `/v1/variants/${encodeURIComponent(id)}`;

/**
 * One variant by its `var_…` ID: its SKU, prices, stock, weight and tax category. A product's variants are listed
 * and created with `client.products.variants`.
 */
export class VariantsResource extends APIResource {
  /** `GET /v1/variants/:id`. 404 for an unknown variant. */
  get(id: string, options?: RequestOptions): APIPromise<Variant> {
    return this.client.request('GET', path(id), options, VariantSchema);
  }

  /**
   * `PATCH /v1/variants/:id` (admin): only the given fields change; `prices` replaces the whole list. 409
   * `sku_taken`, 422 `options_invalid`. Stock changes go through `adjustStock`.
   */
  update(id: string, body: UpdateVariantRequest, options?: RequestOptions): APIPromise<Variant> {
    return this.client.request('PATCH', path(id), { ...options, body }, VariantSchema);
  }

  /**
   * `DELETE /v1/variants/:id` (admin, 200): archives the variant and returns it with `active: false` (it is deleted
   * for good when no order refers to it). Undo with `update(id, { active: true })`.
   */
  archive(id: string, options?: RequestOptions): APIPromise<Variant> {
    return this.client.request('DELETE', path(id), options, VariantSchema);
  }

  /** `POST /v1/variants/:id/stock-adjustments` (admin, 201): a signed change of the variant's stock with a reason. */
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
