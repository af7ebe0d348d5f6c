import { Flags } from '@oclif/core';
import type { Price, ShippingRule } from '@tillpoint/sdk';
import { CliFailure, EXIT } from '../output/describe-error.js';
import { parsePrices } from './catalog-flags.js';

const usage = (message: string) => new CliFailure(message, 'usage_error', { exitCode: EXIT.usage });

/** `--country DE --country FR` or `--country DE,FR` as one list of codes, upper-cased. */
export function parseCountries(values: string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.flatMap((value) =>
    value
      .split(',')
      .map((code) => code.trim().toUpperCase())
      .filter(Boolean),
  );
}

/** `--rate 20` or `--rate 7.25` (percent, at most two decimals) as basis points. */
export function parsePercent(value: string, flag: string): number {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?%?$/.exec(value.trim());
  if (!match) throw usage(`Invalid ${flag} "${value}": expected a percentage such as 20 or 7.25.`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * A shipping rule from `--amount`, `--free-above` and `--tier GRAMS:AMOUNT` (repeatable; `*:AMOUNT` for the open
 * last tier). Undefined when none is given.
 */
export function parseShippingRule(flags: {
  amount?: number | undefined;
  'free-above'?: number | undefined;
  tier?: string[] | undefined;
}): ShippingRule | undefined {
  if (flags.tier && flags.tier.length > 0) {
    if (flags.amount !== undefined || flags['free-above'] !== undefined)
      throw usage('--tier prices by weight: do not combine it with --amount or --free-above.');
    return {
      type: 'weight_tiers',
      tiers: flags.tier.map((raw) => {
        const match = /^(\d+|\*):(\d+)$/.exec(raw.trim());
        if (!match)
          throw usage(`Invalid --tier "${raw}": expected GRAMS:AMOUNT, e.g. 1000:495, or *:AMOUNT.`);
        return { upToGrams: match[1] === '*' ? null : Number(match[1]), amount: Number(match[2]) };
      }),
    };
  }
  if (flags['free-above'] !== undefined) {
    if (flags.amount === undefined)
      throw usage('--free-above needs --amount (the price below the threshold).');
    return { type: 'free_above', amount: flags.amount, freeAbove: flags['free-above'] };
  }
  return flags.amount === undefined ? undefined : { type: 'flat', amount: flags.amount };
}

/** `--amount EUR:500` style money lists for promotions (one per currency). */
export function parseMoneyList(values: string[] | undefined, flag: string): Price[] | undefined {
  try {
    return parsePrices(values);
  } catch (error) {
    if (error instanceof CliFailure) throw usage(error.message.replaceAll('--price', flag));
    throw error;
  }
}

/** The price-rule and subtotal-range flags that create and update share. */
export function shippingRuleFlags() {
  return {
    amount: Flags.integer({
      description: 'Price in minor units (flat, or below --free-above).',
      helpValue: '<n>',
      min: 0,
    }),
    'free-above': Flags.integer({
      description: 'Free from this subtotal (minor units).',
      helpValue: '<n>',
      min: 0,
    }),
    tier: Flags.string({
      description: 'A weight tier GRAMS:AMOUNT (repeatable, lightest first; *:AMOUNT = any heavier).',
      helpValue: '<grams:amount>',
      multiple: true,
    }),
    'min-subtotal': Flags.integer({
      description: 'Offered only from this subtotal.',
      helpValue: '<n>',
      min: 0,
    }),
    'max-subtotal': Flags.integer({
      description: 'Offered only up to this subtotal.',
      helpValue: '<n>',
      min: 0,
    }),
  };
}

/** The promotion flags that create and update share (create also has --name; update also --[no-]active). */
export function promotionFlags() {
  return {
    code: Flags.string({
      description: 'Code shoppers type (any case; stored upper-cased).',
      helpValue: '<code>',
    }),
    description: Flags.string({ description: 'Longer description.', helpValue: '<text>' }),
    percent: Flags.string({
      description: 'Percentage off, e.g. 15 or 12.5.',
      helpValue: '<percent>',
      exclusive: ['amount', 'free-shipping'],
    }),
    amount: Flags.string({
      description: 'Fixed amount off per currency, CUR:AMOUNT in minor units (repeatable), e.g. EUR:500.',
      helpValue: '<cur:amount>',
      multiple: true,
      exclusive: ['percent', 'free-shipping'],
    }),
    'free-shipping': Flags.boolean({
      description: 'Take 100 % off shipping.',
      exclusive: ['percent', 'amount'],
    }),
    shipping: Flags.boolean({ description: 'Apply the discount to shipping.' }),
    variant: Flags.string({
      description: 'Apply only to this variant (repeatable).',
      helpValue: '<var_…>',
      multiple: true,
    }),
    product: Flags.string({
      description: 'Apply only to this product (repeatable).',
      helpValue: '<prd_…>',
      multiple: true,
    }),
    collection: Flags.string({
      description: "Apply only to this collection's products (repeatable).",
      helpValue: '<col_…>',
      multiple: true,
    }),
    minimum: Flags.string({
      description: 'Minimum subtotal per currency, CUR:AMOUNT (repeatable).',
      helpValue: '<cur:amount>',
      multiple: true,
    }),
    'starts-at': Flags.string({ description: 'Start time (ISO 8601).', helpValue: '<time>' }),
    'ends-at': Flags.string({ description: 'End time (ISO 8601, exclusive).', helpValue: '<time>' }),
    'usage-limit': Flags.integer({ description: 'Total uses allowed.', helpValue: '<n>', min: 1 }),
    'per-customer-limit': Flags.integer({
      description: 'Uses per account or guest email.',
      helpValue: '<n>',
      min: 1,
    }),
    combinable: Flags.boolean({ description: 'Whether it combines with other promotions.', allowNo: true }),
  };
}

type PromotionFlagValues = {
  code?: string | undefined;
  description?: string | undefined;
  percent?: string | undefined;
  amount?: string[] | undefined;
  'free-shipping'?: boolean | undefined;
  shipping?: boolean | undefined;
  variant?: string[] | undefined;
  product?: string[] | undefined;
  collection?: string[] | undefined;
  minimum?: string[] | undefined;
  'starts-at'?: string | undefined;
  'ends-at'?: string | undefined;
  'usage-limit'?: number | undefined;
  'per-customer-limit'?: number | undefined;
  combinable?: boolean | undefined;
};

/** The request fields the promotion flags give; absent flags leave their fields out. */
export function promotionBody(flags: PromotionFlagValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (flags.code !== undefined) body.code = flags.code;
  if (flags.description !== undefined) body.description = flags.description;
  if (flags.percent !== undefined)
    body.discount = { type: 'percentage', bps: parsePercent(flags.percent, '--percent') };
  const amounts = parseMoneyList(flags.amount, '--amount');
  if (amounts) body.discount = { type: 'fixed', amounts };
  if (flags['free-shipping']) body.discount = { type: 'percentage', bps: 10_000 };
  const items = {
    variantIds: flags.variant ?? [],
    productIds: flags.product ?? [],
    collectionIds: flags.collection ?? [],
  };
  const listed = items.variantIds.length + items.productIds.length + items.collectionIds.length > 0;
  if (listed && (flags.shipping || flags['free-shipping']))
    throw usage('A promotion applies to listed items or to shipping, not both.');
  if (flags.shipping || flags['free-shipping']) body.target = { type: 'shipping' };
  else if (listed) body.target = { type: 'items', ...items };
  const minimum = parseMoneyList(flags.minimum, '--minimum');
  if (minimum) body.minimumSubtotal = minimum;
  if (flags['starts-at'] !== undefined) body.startsAt = flags['starts-at'];
  if (flags['ends-at'] !== undefined) body.endsAt = flags['ends-at'];
  if (flags['usage-limit'] !== undefined) body.usageLimit = flags['usage-limit'];
  if (flags['per-customer-limit'] !== undefined) body.perCustomerLimit = flags['per-customer-limit'];
  if (flags.combinable !== undefined) body.combinable = flags.combinable;
  return body;
}
