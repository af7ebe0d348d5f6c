import type { Promotion } from '@tillpoint/sdk/schemas';
import { describe, expect, it } from 'vitest';
import { checkEligibility, customerKeyOf, type EligibilityContext } from './promotion-eligibility.js';

function promotion(fields: Partial<Promotion> = {}): Promotion {
  return {
    id: 'pro_01ARZ3NDEKTSV4RRFFQ69G5FAV',
    object: 'promotion',
    code: 'SPRING',
    automatic: false,
    name: 'Spring',
    description: null,
    discount: { type: 'percentage', bps: 1000 },
    target: { type: 'order' },
    minimumSubtotal: [],
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    usageCount: 0,
    perCustomerLimit: null,
    combinable: false,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

const line = { variantId: 'var_A', productId: 'prd_A', collectionIds: ['col_A'], subtotal: 3000 };
const cart: EligibilityContext = {
  currency: 'EUR',
  subtotal: 3000,
  lines: [line],
  customerKey: 'usr_X',
  now: new Date('2026-06-01T12:00:00.000Z'),
  customerUses: 0,
  others: [],
};
const reason = (p: Promotion, context: Partial<EligibilityContext> = {}) => {
  const result = checkEligibility(p, { ...cart, ...context });
  return result.ok ? 'ok' : result.reason;
};

describe('checkEligibility', () => {
  it('accepts a plain promotion', () => {
    expect(reason(promotion())).toBe('ok');
  });

  it('checks the time window: not started before startsAt, expired from endsAt on', () => {
    expect(reason(promotion({ startsAt: '2026-06-02T00:00:00.000Z' }))).toBe('promotion_not_started');
    expect(reason(promotion({ startsAt: '2026-06-01T12:00:00.000Z' }))).toBe('ok');
    expect(reason(promotion({ endsAt: '2026-06-01T12:00:00.000Z' }))).toBe('promotion_expired');
    expect(reason(promotion({ endsAt: '2026-06-01T12:00:00.001Z' }))).toBe('ok');
    expect(reason(promotion({ active: false }))).toBe('promotion_inactive');
  });

  it('checks the total and per-customer usage limits', () => {
    expect(reason(promotion({ usageLimit: 10, usageCount: 10 }))).toBe('promotion_usage_exhausted');
    expect(reason(promotion({ usageLimit: 10, usageCount: 9 }))).toBe('ok');
    expect(reason(promotion({ perCustomerLimit: 1 }), { customerUses: 1 })).toBe(
      'promotion_customer_limit_reached',
    );
    expect(reason(promotion({ perCustomerLimit: 2 }), { customerUses: 1 })).toBe('ok');
  });

  it('checks the minimum subtotal in the cart currency', () => {
    const p = promotion({ minimumSubtotal: [{ currency: 'EUR', amount: 5000 }] });
    expect(reason(p)).toBe('minimum_not_met');
    expect(reason(p, { subtotal: 5000 })).toBe('ok');
    expect(reason(p, { currency: 'USD', subtotal: 9000 })).toBe('promotion_not_applicable');
  });

  it('a fixed amount needs an amount in the cart currency', () => {
    const p = promotion({ discount: { type: 'fixed', amounts: [{ currency: 'USD', amount: 500 }] } });
    expect(reason(p)).toBe('promotion_not_applicable');
    expect(reason(p, { currency: 'USD' })).toBe('ok');
  });

  it('an items promotion needs a line it names, by variant, product or collection', () => {
    const items = (ids: { variantIds?: string[]; productIds?: string[]; collectionIds?: string[] }) =>
      promotion({ target: { type: 'items', variantIds: [], productIds: [], collectionIds: [], ...ids } });
    expect(reason(items({ variantIds: ['var_B'] }))).toBe('promotion_not_applicable');
    expect(reason(items({ variantIds: ['var_A'] }))).toBe('ok');
    expect(reason(items({ productIds: ['prd_A'] }))).toBe('ok');
    expect(reason(items({ collectionIds: ['col_A'] }))).toBe('ok');
    expect(reason(items({ collectionIds: ['col_B'] }), { lines: [] })).toBe('promotion_not_applicable');
  });

  it('allows at most one non-combinable promotion, alone', () => {
    const other = { id: 'pro_OTHER', combinable: true };
    expect(reason(promotion({ combinable: false }), { others: [other] })).toBe('promotion_not_combinable');
    expect(reason(promotion({ combinable: true }), { others: [{ ...other, combinable: false }] })).toBe(
      'promotion_not_combinable',
    );
    expect(reason(promotion({ combinable: true }), { others: [other] })).toBe('ok');
    // The promotion itself, already on the cart, is no conflict.
    expect(
      reason(promotion(), { others: [{ id: 'pro_01ARZ3NDEKTSV4RRFFQ69G5FAV', combinable: false }] }),
    ).toBe('ok');
  });
});

describe('customerKeyOf', () => {
  it('uses the account, else the guest email folded to lower case', () => {
    expect(customerKeyOf({ userId: 'usr_1', email: 'A@B.example' })).toBe('usr_1');
    expect(customerKeyOf({ email: '  Ann@Example.COM ' })).toBe('email:ann@example.com');
    expect(customerKeyOf({})).toBeNull();
  });
});
