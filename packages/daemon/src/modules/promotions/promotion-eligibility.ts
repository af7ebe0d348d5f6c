import type { Promotion, PromotionRejection } from '@tillpoint/sdk/schemas';

/** One cart line as promotions see it. */
export interface PromotionCartLine {
  variantId: string;
  productId: string;
  /** The collections the line's product belongs to. */
  collectionIds: readonly string[];
  /** The line's subtotal in minor units. */
  subtotal: number;
}

/** The cart a promotion is judged against. */
export interface PromotionCartContext {
  currency: string;
  /** Sum of the lines, minor units, before discounts. */
  subtotal: number;
  lines: readonly PromotionCartLine[];
  /** Whose cart: see {@link customerKeyOf}; null when unknown yet (per-customer limits are then checked later). */
  customerKey: string | null;
  /** The moment to judge at (the transaction's clock). */
  now: Date;
}

/** Everything {@link checkEligibility} needs beyond the promotion: the cart, the customer's uses, the others. */
export interface EligibilityContext extends PromotionCartContext {
  /** How often this customer has used this promotion already. */
  customerUses: number;
  /** The promotions already on the cart (the promotion itself is ignored if listed). */
  others: ReadonlyArray<Pick<Promotion, 'id' | 'combinable'>>;
}

export type Eligibility = { ok: true } | { ok: false; reason: PromotionRejection };

const no = (reason: PromotionRejection): Eligibility => ({ ok: false, reason });

/** Whether a line is one an `items` promotion names (any of its variant, product or collection lists). */
export function lineMatches(promotion: Promotion, line: PromotionCartLine): boolean {
  const target = promotion.target;
  if (target.type !== 'items') return true;
  return (
    target.variantIds.includes(line.variantId) ||
    target.productIds.includes(line.productId) ||
    line.collectionIds.some((id) => target.collectionIds.includes(id))
  );
}

/**
 * Whether a promotion may apply to a cart, or the first reason it may not (pure; the reasons are error codes the
 * storefront can show). In order: switched off, not started, ended, used up, used up by this customer, no
 * amount in the cart's currency, below the minimum subtotal (a minimum list without the cart's currency counts as
 * not applicable), no line it names, and combinability: a cart holds at most one non-combinable promotion, and
 * nothing else beside it.
 */
export function checkEligibility(promotion: Promotion, context: EligibilityContext): Eligibility {
  const now = context.now.getTime();
  if (!promotion.active) return no('promotion_inactive');
  if (promotion.startsAt !== null && now < Date.parse(promotion.startsAt)) return no('promotion_not_started');
  if (promotion.endsAt !== null && now >= Date.parse(promotion.endsAt)) return no('promotion_expired');
  if (promotion.usageLimit !== null && promotion.usageCount >= promotion.usageLimit) {
    return no('promotion_usage_exhausted');
  }
  if (promotion.perCustomerLimit !== null && context.customerUses >= promotion.perCustomerLimit) {
    return no('promotion_customer_limit_reached');
  }
  if (
    promotion.discount.type === 'fixed' &&
    !promotion.discount.amounts.some((price) => price.currency === context.currency)
  ) {
    return no('promotion_not_applicable');
  }
  if (promotion.minimumSubtotal.length > 0) {
    const minimum = promotion.minimumSubtotal.find((price) => price.currency === context.currency);
    if (!minimum) return no('promotion_not_applicable');
    if (context.subtotal < minimum.amount) return no('minimum_not_met');
  }
  if (promotion.target.type === 'items' && !context.lines.some((line) => lineMatches(promotion, line))) {
    return no('promotion_not_applicable');
  }
  const others = context.others.filter((other) => other.id !== promotion.id);
  if (others.length > 0 && (!promotion.combinable || others.some((other) => !other.combinable))) {
    return no('promotion_not_combinable');
  }
  return { ok: true };
}

/**
 * The key per-customer limits count under: the account's `usr_…` ID, else `email:` and the guest's address
 * trimmed and lower-cased (so a guest cannot reuse a code by changing the case of their email).
 */
export function customerKeyOf(customer: { userId?: string | null; email?: string | null }): string | null {
  if (customer.userId) return customer.userId;
  const email = customer.email?.trim().normalize('NFC').toLowerCase();
  return email ? `email:${email}` : null;
}
