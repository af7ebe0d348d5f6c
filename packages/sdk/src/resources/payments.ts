import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import {
  type CapturePaymentRequestSchema,
  type CreatePaymentRequest,
  type CreateRefundRequest,
  type ListPaymentsQuery,
  type Payment,
  PaymentSchema,
  type Refund,
  RefundSchema,
} from '../schemas/payments.js';

/** Filters of `payments.list()`: {@link ListPaymentsQuery} with `limit` typed as passed, not as sent. */
export type PaymentListParams = Omit<ListPaymentsQuery, 'limit'> & { limit?: number | undefined };

/** Body of `payments.capture()`: all of the authorization unless `amount` (minor units) is given. */
export type CapturePaymentParams = z.input<typeof CapturePaymentRequestSchema>;

/** The URL of one item, its ID URL-encoded. */
const path = (id: string) => `/v1/payments/${encodeURIComponent(id)}`;

/** Payments of orders, their capture and their refunds. */
export class PaymentsResource extends APIResource {
  /**
   * `POST /v1/orders/:orderId/payments` (201): pays an order. 402 `payment_failed` when the provider declines
   * (the error's `problem` tells why), 409 `invalid_transition` when the order is not payable, 502/503
   * `provider_unavailable`.
   */
  create(orderId: string, body: CreatePaymentRequest, options?: RequestOptions): APIPromise<Payment> {
    const url = `/v1/orders/${encodeURIComponent(orderId)}/payments`;
    return this.client.request('POST', url, { ...options, body }, PaymentSchema);
  }

  /** `GET /v1/payments`: await for one page, or `for await` for every payment. */
  list(query?: PaymentListParams, options?: RequestOptions): PagePromise<Payment> {
    return this.client.getAPIList('/v1/payments', query, options, PaymentSchema);
  }

  /** `GET /v1/payments/:id`. */
  get(id: string, options?: RequestOptions): APIPromise<Payment> {
    return this.client.request('GET', path(id), options, PaymentSchema);
  }

  /** `POST /v1/payments/:id/capture` (admin): captures a `requires_capture` payment. 409 `amount_exceeds_authorized`. */
  capture(id: string, body: CapturePaymentParams = {}, options?: RequestOptions): APIPromise<Payment> {
    return this.client.request('POST', `${path(id)}/capture`, { ...options, body }, PaymentSchema);
  }

  /**
   * `POST /v1/payments/:id/void` (admin): voids a `pending` or `requires_capture` payment (Stripe cancels the
   * PaymentIntent) and releases its order. 409 `invalid_transition` when the payment had already settled.
   */
  void(id: string, options?: RequestOptions): APIPromise<Payment> {
    return this.client.request('POST', `${path(id)}/void`, options, PaymentSchema);
  }

  /** `POST /v1/payments/:id/refunds` (admin, 201): all that is left unless `amount` is given. 409 `amount_exceeds_captured`. */
  refund(id: string, body: CreateRefundRequest = {}, options?: RequestOptions): APIPromise<Refund> {
    return this.client.request('POST', `${path(id)}/refunds`, { ...options, body }, RefundSchema);
  }
}
