import type { RequestOptions } from '../core/api-client.js';
import type { APIPromise } from '../core/api-promise.js';
import { APIResource } from '../core/resource.js';
import type { CreatePaymentRequest, Payment } from '../schemas/payments.js';

/** Paying an order. */
export class StorefrontPaymentsResource extends APIResource {
  /**
   * `POST /v1/orders/:orderId/payments` (201): pays an order (a guest's with its order token). 402
   * `payment_failed` when the provider declines (the error's `problem` tells why), 409 `invalid_transition` when the
   * order is not payable.
   */
  create(orderId: string, body: CreatePaymentRequest, options?: RequestOptions): APIPromise<Payment> {
    const url = `/v1/orders/${encodeURIComponent(orderId)}/payments`;
    return this.client.request('POST', url, { ...options, body });
  }

  /** `GET /v1/payments/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<Payment> {
    return this.client.request('GET', `/v1/payments/${encodeURIComponent(id)}`, options);
  }
}
