export {
  type ClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Logger,
  type LoginOptions,
  type LogLevel,
  type RequestOptions,
  Tillpoint,
  Tillpoint as default,
  type Tokens,
} from './client.js';
export { APIClient } from './core/api-client.js';
export { APIPromise, type APIResponseInfo, type WithResponse } from './core/api-promise.js';
export { GuestTokens } from './core/guest-tokens.js';
export { Page, PagePromise, type QueryParams } from './core/pagination.js';
export { APIResource } from './core/resource.js';
export {
  createFetchTransport,
  type FetchFunction,
  type FetchTransportOptions,
} from './core/transport/fetch-transport.js';
export type {
  RequestCredentialsMode,
  Transport,
  TransportBody,
  TransportRequest,
  TransportResponse,
} from './core/transport/transport.js';
export * from './errors.js';
export { type ApiKeyListParams, ApiKeysResource } from './resources/api-keys.js';
export { type AuditLogListParams, AuditLogResource } from './resources/audit-log.js';
export { type Accepted, AuthResource } from './resources/auth.js';
export { BackupsResource } from './resources/backups.js';
export { type CollectionListParams, CollectionsResource } from './resources/collections.js';
export { type EventListParams, type EventStreamOptions, EventsResource } from './resources/events.js';
export {
  type JobGetParams,
  type JobListParams,
  type JobRunOptions,
  JobsResource,
} from './resources/jobs.js';
export { MeResource } from './resources/me.js';
export { MeAddressesResource, type SavedAddressListParams } from './resources/me-addresses.js';
export { type MediaDownloadParams, MediaResource } from './resources/media.js';
export { MetaResource } from './resources/meta.js';
export { type OrderListParams, OrdersResource, type OrderTransitionParams } from './resources/orders.js';
export { type CapturePaymentParams, type PaymentListParams, PaymentsResource } from './resources/payments.js';
export {
  type MediaFile,
  type MediaUploadParams,
  ProductMediaResource,
} from './resources/product-media.js';
export { ProductVariantsResource, type VariantListParams } from './resources/product-variants.js';
export { type ProductListParams, ProductsResource } from './resources/products.js';
export { type PromotionListParams, PromotionsResource } from './resources/promotions.js';
export { type RegionListParams, RegionsResource } from './resources/regions.js';
export { SchedulesResource } from './resources/schedules.js';
export { type ShippingMethodListParams, ShippingMethodsResource } from './resources/shipping-methods.js';
export { type TaxRateListParams, TaxRatesResource } from './resources/tax-rates.js';
export { UploadsResource } from './resources/uploads.js';
export { type UserListParams, UsersResource } from './resources/users.js';
export { VariantsResource } from './resources/variants.js';
export { WebhookDeliveriesResource, type WebhookDeliveryListParams } from './resources/webhook-deliveries.js';
export { WebhookEndpointsResource } from './resources/webhook-endpoints.js';
export * from './schemas/index.js';
export { VERSION } from './version.js';
