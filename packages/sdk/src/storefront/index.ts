/**
 * `@tillpoint/sdk/storefront`: the zod-free client for a shop's pages, with the types it needs. The web build of
 * this entry (the `browser` condition) imports no Node built-in and no undici.
 */
export {
  type ClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type LoginOptions,
  type RequestOptions,
  type Tokens,
} from '../core/api-client.js';
export { APIPromise, type APIResponseInfo, type WithResponse } from '../core/api-promise.js';
export { GuestTokens } from '../core/guest-tokens.js';
export { Page, PagePromise, type QueryParams } from '../core/pagination.js';
export {
  createFetchTransport,
  type FetchFunction,
  type FetchTransportOptions,
} from '../core/transport/fetch-transport.js';
export type {
  RequestCredentialsMode,
  Transport,
  TransportBody,
  TransportRequest,
  TransportResponse,
} from '../core/transport/transport.js';
export * from '../errors.js';
export type { Logger, LogLevel } from '../internal/logger.js';
export type { CollectionListParams } from '../resources/collections.js';
export type { OrderListParams } from '../resources/orders.js';
export type { ProductListParams } from '../resources/products.js';
export type { Address, AddressInput } from '../schemas/addresses.js';
export type { AuthSession, LoginRequest, RegisterRequest } from '../schemas/auth.js';
export type {
  AddCartItemRequest,
  Cart,
  CartLine,
  CartShippingOption,
  CompleteCartRequest,
  CompletedCart,
  CreateCartRequest,
  CreatedCart,
} from '../schemas/carts.js';
export type { Collection } from '../schemas/collections.js';
export type { Media } from '../schemas/media.js';
export { CURRENCY_EXPONENTS, formatMoney, minorUnitDigits } from '../schemas/money-format.js';
export type { Order, OrderItem } from '../schemas/orders.js';
export type { CreatePaymentRequest, OrderDetail, Payment, Refund } from '../schemas/payments.js';
export type { ErrorCode, FieldError, Problem } from '../schemas/problem.js';
export type { Price, Product, ProductOption, Variant } from '../schemas/products.js';
export type { UpdateMeRequest, User } from '../schemas/users.js';
export { VERSION } from '../version.js';
export { StorefrontAuthResource } from './storefront-auth.js';
export { StorefrontCartsResource } from './storefront-carts.js';
export { TillpointStorefront, TillpointStorefront as default } from './storefront-client.js';
export { StorefrontCollectionsResource } from './storefront-collections.js';
export { StorefrontMeResource } from './storefront-me.js';
export { StorefrontMediaResource } from './storefront-media.js';
export { StorefrontOrdersResource } from './storefront-orders.js';
export { StorefrontPaymentsResource } from './storefront-payments.js';
export { StorefrontProductsResource } from './storefront-products.js';
export { StorefrontVariantsResource } from './storefront-variants.js';
