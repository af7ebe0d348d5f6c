import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CreateTaxRateRequest,
  type ListTaxRatesQuery,
  type TaxRate,
  TaxRateSchema,
  type UpdateTaxRateRequest,
} from '../schemas/tax-rates.js';

/** Filters of `taxRates.list()`: `regionId`, the page size and cursor. */
export type TaxRateListParams = Omit<ListTaxRatesQuery, 'limit'> & {
  limit?: number | undefined;
};

/** The URL of one tax rate. */
const path = (id: string) => `/v1/tax-rates/${encodeURIComponent(id)}`;

/**
 * Tax rates (admin): per region, optionally per ISO 3166-2 subdivision and tax category, in basis points.
 */
export class TaxRatesResource extends APIResource {
  /** `GET /v1/tax-rates`: await for one page, or `for await` for every tax rate. */
  list(query?: TaxRateListParams, options?: RequestOptions): PagePromise<TaxRate> {
    return this.client.getAPIList('/v1/tax-rates', query, options, TaxRateSchema);
  }

  /** `POST /v1/tax-rates` (admin, 201). One rate per region, subdivision and category: 409 `tax_rate_taken`. */
  create(body: CreateTaxRateRequest, options?: RequestOptions): APIPromise<TaxRate> {
    return this.client.request('POST', '/v1/tax-rates', { ...options, body }, TaxRateSchema);
  }

  /** `GET /v1/tax-rates/:id`. 404 for an unknown one. */
  get(id: string, options?: RequestOptions): APIPromise<TaxRate> {
    return this.client.request('GET', path(id), options, TaxRateSchema);
  }

  /** `PATCH /v1/tax-rates/:id` (admin): only the given fields change. The region stays. */
  update(id: string, body: UpdateTaxRateRequest, options?: RequestOptions): APIPromise<TaxRate> {
    return this.client.request('PATCH', path(id), { ...options, body }, TaxRateSchema);
  }

  /** `DELETE /v1/tax-rates/:id` (admin, 200): deletes it and returns it. */
  delete(id: string, options?: RequestOptions): APIPromise<TaxRate> {
    return this.client.request('DELETE', path(id), options, TaxRateSchema);
  }
}
