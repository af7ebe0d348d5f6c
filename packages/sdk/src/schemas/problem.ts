import { z } from 'zod';

/**
 * Every stable error `code` the API can return. Clients branch on these, never on messages.
 * The daemon maps each to a status and a message template in one table (`http/errors/error-catalog.ts`).
 */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'unsupported_media_type',
  'unsupported_image',
  'payload_too_large',
  'range_not_satisfiable',
  'header_too_large',
  'unauthenticated',
  'invalid_credentials',
  'invalid_token',
  'refresh_token_reused',
  'account_disabled',
  'permission_denied',
  'origin_not_allowed',
  'signup_disabled',
  'email_not_verified',
  'not_found',
  'method_not_allowed',
  'conflict',
  'email_taken',
  'last_admin',
  'sku_taken',
  'handle_taken',
  'variant_required',
  'price_missing',
  'options_invalid',
  'out_of_stock',
  'product_unavailable',
  'currency_mismatch',
  'invalid_transition',
  'payment_failed',
  'amount_exceeds_captured',
  'amount_exceeds_authorized',
  'provider_unavailable',
  'provider_rejected',
  'invalid_signature',
  'idempotency_mismatch',
  'idempotency_in_flight',
  'name_taken',
  'builtin_schedule',
  'url_not_allowed',
  'no_result',
  'country_taken',
  'region_in_use',
  'tax_rate_taken',
  'code_taken',
  'promotion_in_use',
  'promotion_not_found',
  'promotion_inactive',
  'promotion_not_started',
  'promotion_expired',
  'promotion_usage_exhausted',
  'promotion_customer_limit_reached',
  'minimum_not_met',
  'promotion_not_applicable',
  'promotion_not_combinable',
  'address_limit_reached',
  'cart_changed',
  'cart_completed',
  'cart_incomplete',
  'region_mismatch',
  'country_not_served',
  'shipping_method_unavailable',
  'rate_limited',
  'login_throttled',
  'internal_error',
  'service_unavailable',
  'storage_full',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** One invalid input field: a JSON-pointer-like dotted path and what is wrong with it. */
export const FieldErrorSchema = z
  .object({
    path: z.string().describe('Dotted path of the field, e.g. "items.0.quantity"; empty for the whole body'),
    message: z.string(),
    code: z.string().optional().describe('Machine-readable reason, e.g. "too_small"'),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * RFC 9457 problem details (`application/problem+json`), extended with a stable `code`,
 * the `requestId` and per-field `errors`.
 */
export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('URI reference naming the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().describe('Stable error code, see ERROR_CODES'),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** The media type of problem responses. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
