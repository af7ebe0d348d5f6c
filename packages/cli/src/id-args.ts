import { Args } from '@oclif/core';
import { CliFailure, EXIT } from './output/describe-error.js';

/**
 * The resources whose IDs commands take as arguments, with their prefix and the noun used in
 * messages. Kept here (not imported from the SDK) so that parsing arguments never loads the SDK.
 */
export const ID_KINDS = {
  address: { prefix: 'adr', noun: 'address' },
  apiKey: { prefix: 'key', noun: 'API key' },
  cart: { prefix: 'crt', noun: 'cart' },
  cartItem: { prefix: 'cti', noun: 'cart line' },
  collection: { prefix: 'col', noun: 'collection' },
  event: { prefix: 'evt', noun: 'event' },
  job: { prefix: 'job', noun: 'job' },
  media: { prefix: 'med', noun: 'image' },
  order: { prefix: 'ord', noun: 'order' },
  payment: { prefix: 'pay', noun: 'payment' },
  product: { prefix: 'prd', noun: 'product' },
  promotion: { prefix: 'pro', noun: 'promotion' },
  region: { prefix: 'reg', noun: 'region' },
  shippingMethod: { prefix: 'shm', noun: 'shipping method' },
  taxRate: { prefix: 'txr', noun: 'tax rate' },
  user: { prefix: 'usr', noun: 'user' },
  variant: { prefix: 'var', noun: 'variant' },
  webhookDelivery: { prefix: 'whd', noun: 'webhook delivery' },
  webhookEndpoint: { prefix: 'whe', noun: 'webhook endpoint' },
} as const;
export type IdKind = keyof typeof ID_KINDS;

/** The 26 characters of a ULID (Crockford base32: no I, L, O or U), as the daemon checks them. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const EXAMPLE_ULID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

/**
 * Checks one prefixed ID given on the command line and returns it in the form the daemon expects
 * (ULIDs are case-insensitive, so the part after the prefix is upper-cased). Anything else fails
 * with exit 2 and a message saying what an ID of that kind looks like.
 */
export function parseId(kind: IdKind, input: string): string {
  const { prefix, noun } = ID_KINDS[kind];
  const value = input.trim();
  if (value.startsWith(`${prefix}_`)) {
    const body = value.slice(prefix.length + 1).toUpperCase();
    if (ULID.test(body)) return `${prefix}_${body}`;
  }
  const article = /^[aeiou]/i.test(noun) ? 'an' : 'a';
  const body = value.startsWith(`${prefix}_`) ? value.slice(prefix.length + 1) : '';
  const extra = /^[0-9A-Z]{26}$/i.test(body) ? '; I, L, O and U are not used' : '';
  throw new CliFailure(
    `${input} is not ${article} ${noun} ID: IDs look like ${prefix}_${EXAMPLE_ULID} (${prefix}_ and 26 letters and digits${extra}).`,
    'invalid_id',
    { exitCode: EXIT.usage },
  );
}

/** A required argument holding the ID of one kind of resource, checked by {@link parseId}. */
export function idArg(kind: IdKind, description: string) {
  return Args.string({ description, required: true, parse: async (input) => parseId(kind, input) });
}

/**
 * A required argument holding an ID or a handle (lower-case letters, digits and hyphens). Handles
 * never contain `_`, so a value starting with the ID prefix is checked as an ID.
 */
export function idOrHandleArg(kind: IdKind, description: string) {
  const { prefix } = ID_KINDS[kind];
  return Args.string({
    description,
    required: true,
    parse: async (input) => (input.trim().startsWith(`${prefix}_`) ? parseId(kind, input) : input),
  });
}
