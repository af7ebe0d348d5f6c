import type { ErrorCode } from '@tillpoint/sdk/schemas';

export interface ErrorDefinition {
  status: number;
  title: string;
  /** Default detail shown when the thrower gives none; tells the caller what to do. */
  detail: string;
}

/**
 * 409s that a retry cannot fix: they are sent with `x-should-retry: false` so clients that retry
 * conflicts (as the SDK does, for locks and in-flight requests) give up at once.
 */
export const FINAL_CONFLICTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'email_taken',
  'last_admin',
  'sku_taken',
  'handle_taken',
  'out_of_stock',
  'currency_mismatch',
  'invalid_transition',
  'amount_exceeds_captured',
  'amount_exceeds_authorized',
  'name_taken',
  'builtin_schedule',
  'country_taken',
  'region_in_use',
  'tax_rate_taken',
  'code_taken',
  'promotion_in_use',
  'cart_changed',
  'cart_completed',
]);

/**
 * Every error the API returns: stable code → HTTP status, title and default detail.
 * The codes themselves are part of the contract (`ERROR_CODES` in the SDK).
 */
export const ERROR_CATALOG: Record<ErrorCode, ErrorDefinition> = {
  bad_request: { status: 400, title: 'Bad request', detail: 'The request could not be understood.' },
  invalid_json: {
    status: 400,
    title: 'Invalid JSON',
    detail: 'The request body is not valid JSON. Check quoting and trailing commas.',
  },
  validation_failed: {
    status: 422,
    title: 'Validation failed',
    detail: 'One or more fields are invalid; see `errors` for each field and what it allows.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    detail: 'Send the body as JSON with `Content-Type: application/json`.',
  },
  unsupported_image: {
    status: 415,
    title: 'Unsupported image',
    detail:
      'Send a PNG, JPEG, WebP, GIF or AVIF image. The type is read from the bytes, not from the file name or the declared type.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    detail: 'The request body is larger than this server accepts.',
  },
  range_not_satisfiable: {
    status: 416,
    title: 'Range not satisfiable',
    detail: 'The requested byte range starts past the end of the file; `Content-Range` gives its size.',
  },
  header_too_large: {
    status: 431,
    title: 'Request header fields too large',
    detail: 'The request headers are too large.',
  },
  unauthenticated: {
    status: 401,
    title: 'Authentication required',
    detail: 'Send a valid access token or API key as `Authorization: Bearer …`.',
  },
  invalid_credentials: {
    status: 401,
    title: 'Invalid credentials',
    detail: 'The email or password is wrong.',
  },
  invalid_token: {
    status: 401,
    title: 'Invalid token',
    detail: 'The token is invalid, expired or revoked. Sign in again or refresh the session.',
  },
  refresh_token_reused: {
    status: 401,
    title: 'Refresh token reused',
    detail: 'This refresh token was already used; the session has been revoked for safety. Sign in again.',
  },
  account_disabled: {
    status: 401,
    title: 'Account disabled',
    detail: 'This account is disabled. Contact an administrator.',
  },
  email_not_verified: {
    status: 403,
    title: 'Email not verified',
    detail:
      'This shop takes orders only from accounts with a verified email. Open the link in the verification email (POST /v1/auth/verify-email), or register again to get a new one.',
  },
  signup_disabled: {
    status: 403,
    title: 'Sign-up disabled',
    detail: 'Self-service registration is turned off on this server. Ask an administrator for an account.',
  },
  email_taken: {
    status: 409,
    title: 'Email already registered',
    detail: 'An account with this email already exists. Sign in, or reset its password.',
  },
  last_admin: {
    status: 409,
    title: 'Last administrator',
    detail: 'This would leave no active administrator. Promote another user to admin first.',
  },
  sku_taken: {
    status: 409,
    title: 'SKU already used',
    detail: 'Another product has this SKU. Choose another.',
  },
  handle_taken: {
    status: 409,
    title: 'Handle already used',
    detail: 'Another product or collection has this handle. Choose another.',
  },
  variant_required: {
    status: 422,
    title: 'Variant required',
    detail: 'The product has several variants; name one by `sku` or `variantId` (see `errors`).',
  },
  price_missing: {
    status: 422,
    title: 'Price missing',
    detail:
      'A variant has no price in the requested currency; see `errors` for which. Add the price or choose another currency.',
  },
  options_invalid: {
    status: 422,
    title: 'Options invalid',
    detail:
      "A variant's options must give one allowed value for each of its product's options, and no two active variants may have the same combination.",
  },
  out_of_stock: {
    status: 409,
    title: 'Out of stock',
    detail: 'Not enough stock for one or more items; see `errors` for which.',
  },
  product_unavailable: {
    status: 422,
    title: 'Product unavailable',
    detail: 'One or more items name a product that does not exist or is not for sale.',
  },
  currency_mismatch: {
    status: 409,
    title: 'Currency mismatch',
    detail: 'All items of an order must be priced in the same currency. Place one order per currency.',
  },
  invalid_transition: {
    status: 409,
    title: 'Invalid transition',
    detail: 'The order or payment is not in a state that allows this action.',
  },
  payment_failed: {
    status: 402,
    title: 'Payment failed',
    detail: 'The payment was declined; `errors[0].code` says why. Try another card or payment method.',
  },
  amount_exceeds_captured: {
    status: 409,
    title: 'Refund exceeds captured amount',
    detail:
      'Refunds can never exceed what was captured. Check the payment’s amountCaptured and amountRefunded.',
  },
  amount_exceeds_authorized: {
    status: 409,
    title: 'Capture exceeds authorized amount',
    detail: 'A capture cannot exceed the authorized amount.',
  },
  provider_unavailable: {
    status: 502,
    title: 'Payment provider unavailable',
    detail:
      'The payment provider did not answer. The payment stays pending and is reconciled; do not pay again.',
  },
  provider_rejected: {
    status: 422,
    title: 'Payment provider refused the request',
    detail: 'The payment provider refused this operation; `errors[0]` has its reason.',
  },
  invalid_signature: {
    status: 400,
    title: 'Invalid webhook signature',
    detail: 'The webhook signature is missing, wrong or too old.',
  },
  login_throttled: {
    status: 429,
    title: 'Too many failed logins',
    detail: 'Too many failed sign-in attempts. Wait for the time in `Retry-After`, or reset the password.',
  },
  permission_denied: {
    status: 403,
    title: 'Permission denied',
    detail: 'Your role does not allow this action.',
  },
  origin_not_allowed: {
    status: 403,
    title: 'Origin not allowed',
    detail:
      'A request signed in by cookie must come from this site or an origin listed in corsOrigins. Scripts and servers should send a bearer token instead.',
  },
  not_found: { status: 404, title: 'Not found', detail: 'No resource exists at this path.' },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    detail: 'This path does not support this method; see the `Allow` header.',
  },
  conflict: { status: 409, title: 'Conflict', detail: 'The request conflicts with the current state.' },
  idempotency_mismatch: {
    status: 422,
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was used with different parameters. Use a new key.',
  },
  idempotency_in_flight: {
    status: 409,
    title: 'Request in progress',
    detail: 'A request with this Idempotency-Key is still being processed. Retry shortly.',
  },
  name_taken: {
    status: 409,
    title: 'Name taken',
    detail: 'Another resource already has this name; pick another one.',
  },
  builtin_schedule: {
    status: 409,
    title: 'Built-in schedule',
    detail: 'Built-in schedules cannot be deleted; pause them instead.',
  },
  url_not_allowed: {
    status: 422,
    title: 'URL not allowed',
    detail:
      'The URL points at a private, loopback or reserved address; webhooks may only target public hosts.',
  },
  no_result: {
    status: 409,
    title: 'No result file',
    detail:
      'The job has no result file (yet). Wait until it has succeeded; only some job types produce files.',
  },
  country_taken: {
    status: 409,
    title: 'Country in another region',
    detail:
      'A country belongs to at most one region; see `errors` for which region has it. Take it out of that region first.',
  },
  region_in_use: {
    status: 409,
    title: 'Region in use',
    detail:
      'Tax rates or shipping methods belong to this region. Delete them first (or keep the region); a region with shipping methods cannot change currency.',
  },
  tax_rate_taken: {
    status: 409,
    title: 'Tax rate exists',
    detail: 'The region already has a rate for this subdivision and tax category. Change that rate instead.',
  },
  code_taken: {
    status: 409,
    title: 'Code already used',
    detail: 'Another promotion has this code (codes are case-insensitive). Choose another.',
  },
  promotion_in_use: {
    status: 409,
    title: 'Promotion used',
    detail:
      'This promotion has been used, so it is kept for the record. Deactivate it (`active: false`) instead.',
  },
  promotion_not_found: {
    status: 422,
    title: 'Unknown promotion code',
    detail: 'No promotion has this code. Check the spelling.',
  },
  promotion_inactive: {
    status: 422,
    title: 'Promotion inactive',
    detail: 'This promotion is switched off.',
  },
  promotion_not_started: {
    status: 422,
    title: 'Promotion not started',
    detail: 'This promotion has not started yet.',
  },
  promotion_expired: {
    status: 422,
    title: 'Promotion expired',
    detail: 'This promotion has ended.',
  },
  promotion_usage_exhausted: {
    status: 422,
    title: 'Promotion used up',
    detail: 'This promotion has reached its usage limit.',
  },
  promotion_customer_limit_reached: {
    status: 422,
    title: 'Promotion already used',
    detail: 'This customer has used this promotion as often as it allows.',
  },
  minimum_not_met: {
    status: 422,
    title: 'Minimum not met',
    detail: "The cart's subtotal is below this promotion's minimum.",
  },
  promotion_not_applicable: {
    status: 422,
    title: 'Promotion not applicable',
    detail: "This promotion does not apply to the cart's items or currency.",
  },
  promotion_not_combinable: {
    status: 422,
    title: 'Promotion not combinable',
    detail: 'This promotion cannot be combined with the promotions already on the cart.',
  },
  address_limit_reached: {
    status: 422,
    title: 'Address book full',
    detail: 'An address book holds at most 50 addresses. Delete one you no longer use, or update it instead.',
  },
  cart_changed: {
    status: 409,
    title: 'Cart changed',
    detail:
      'Something that decides the amount changed (a price, a tax rate, a promotion, stock or shipping); nothing was charged or written. Show the shopper the new cart in `cart` and complete again with its `fingerprint`.',
  },
  cart_completed: {
    status: 409,
    title: 'Cart completed',
    detail: 'This cart has become an order and can no longer change. Start a new cart.',
  },
  cart_incomplete: {
    status: 422,
    title: 'Cart incomplete',
    detail:
      'The cart lacks what an order needs; see `errors` for each missing part (items, email, shipping address, shipping method).',
  },
  region_mismatch: {
    status: 422,
    title: 'Region mismatch',
    detail:
      "The address is in a region with another currency than the cart's items are priced in. Start a cart in that region, or ship to a country of the cart's region.",
  },
  country_not_served: {
    status: 422,
    title: 'Country not served',
    detail: 'No region includes this country, so the shop does not ship there.',
  },
  shipping_method_unavailable: {
    status: 422,
    title: 'Shipping method unavailable',
    detail: 'This shipping method is not offered for this cart; see `GET /v1/carts/{id}/shipping-options`.',
  },
  rate_limited: { status: 429, title: 'Too many requests', detail: 'Slow down; see `Retry-After`.' },
  internal_error: {
    status: 500,
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Quote the request ID when reporting it.',
  },
  service_unavailable: {
    status: 503,
    title: 'Service unavailable',
    detail: 'A dependency is unavailable. Retry after the time in `Retry-After`.',
  },
  storage_full: {
    status: 507,
    title: 'Insufficient storage',
    detail:
      "The server's disk is full: nothing was written. Reads still work; retry after the time in `Retry-After`.",
  },
};
