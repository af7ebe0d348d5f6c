import { z } from 'zod';

/** ISO 8601 timestamp in UTC, as every API response carries it. */
export const TimestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp, UTC');
export type Timestamp = z.infer<typeof TimestampSchema>;

/**
 * A prefixed, time-ordered opaque ID such as `usr_01J…` (prefix + `_` + ULID).
 * Prefixes are listed in {@link ID_PREFIXES}.
 */
export const ID_PREFIXES = {
  user: 'usr',
  apiKey: 'key',
  product: 'prd',
  variant: 'var',
  collection: 'col',
  region: 'reg',
  taxRate: 'txr',
  shippingMethod: 'shm',
  promotion: 'pro',
  cart: 'crt',
  cartItem: 'cti',
  address: 'adr',
  media: 'med',
  order: 'ord',
  payment: 'pay',
  refund: 'ref',
  event: 'evt',
  session: 'ses',
  refreshToken: 'rtk',
  passwordReset: 'prs',
  emailVerification: 'emv',
  stockAdjustment: 'sta',
  orderItem: 'oit',
  idempotencyKey: 'idk',
  orderStatusChange: 'osc',
  paymentStatusChange: 'psc',
  job: 'job',
  schedule: 'sch',
  webhookEndpoint: 'whe',
  webhookDelivery: 'whd',
  upload: 'upl',
  auditEntry: 'aud',
  worker: 'wrk',
  request: 'req',
} as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

/** Builds the schema for the IDs of one resource, e.g. `idSchema('ord')`. */
export function idSchema<P extends IdPrefix>(prefix: P) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `must be an ID starting with "${prefix}_"`)
    .describe(`Opaque ${prefix}_ ID`);
}

/**
 * Free text from users must not carry control characters (NUL breaks PostgreSQL text, the rest
 * breaks logs and terminals). Apply with `.regex(NO_CONTROL_CHARACTERS, …)`.
 */
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
export const NO_CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';

/**
 * Text with something besides whitespace and no control characters. A label is trimmed before it is checked, so
 * `min(1)` alone refuses a blank one; this pattern says the same in the OpenAPI document, whose validators see the
 * text untrimmed.
 */
// The leading run takes whitespace only, so the first other character is the only place the middle class can
// match: linear time on any input (a `[^\p{Cc}]*` there backtracks quadratically on a long line with a control
// character at its end).
const NOT_BLANK_NO_CONTROL_CHARACTERS = /^[^\p{Cc}\S]*[^\p{Cc}\s][^\p{Cc}]*$/u;

/** A short label people type (a name, a title, an option value): trimmed, 1 to `max` characters, no control characters. */
export function labelSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(NOT_BLANK_NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE);
}

/** The words zod's `stringbool` reads as true and false (in any case); the OpenAPI document lists them. */
const BOOLEAN_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'y', 'n', 'enabled', 'disabled'];

/** A yes/no query parameter (`?active=true`), with its accepted words in the document. */
export const QueryBooleanSchema = z.stringbool().meta({ enum: BOOLEAN_WORDS });

/** Query parameters shared by every list endpoint (cursor pagination). Default `limit` is 20, at most 100. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1 to 100 (default 20)'),
  starting_after: z.string().max(64).optional().describe('Return items after this ID (the cursor)'),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

const LIST_SCHEMAS = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The envelope of every list response: one page of `data` and whether more follow. One schema per
 * item schema (memoised), named `<Item>List` in the OpenAPI document when the item has a component id.
 */
export function listSchema<T extends z.ZodType>(item: T) {
  const known = LIST_SCHEMAS.get(item);
  if (known) return known as ReturnType<typeof envelope<T>>;
  const id = z.globalRegistry.get(item)?.id;
  const schema = id ? envelope(item).meta({ id: `${id}List` }) : envelope(item);
  LIST_SCHEMAS.set(item, schema);
  return schema;
}

function envelope<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
  });
}
export type List<T> = { object: 'list'; data: T[]; has_more: boolean };
