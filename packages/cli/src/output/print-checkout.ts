import type { Promotion, Region, ShippingMethod, ShippingRule, TaxRate } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** Basis points as a percentage: 2000 → "20%", 725 → "7.25%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** A shipping rule in words, amounts in `currency`. */
export function describeShippingRule(rule: ShippingRule, currency: string): string {
  const money = (amount: number) => formatMoney(amount, currency);
  switch (rule.type) {
    case 'flat':
      return money(rule.amount);
    case 'free_above':
      return `${money(rule.amount)}, free from ${money(rule.freeAbove)}`;
    case 'weight_tiers':
      return rule.tiers
        .map((tier) => `${tier.upToGrams === null ? 'more' : `≤ ${tier.upToGrams} g`}: ${money(tier.amount)}`)
        .join('; ');
  }
}

/** A promotion's discount and target in words, e.g. "15% off the order" or "free shipping". */
export function describePromotion(promotion: Promotion): string {
  const { discount, target } = promotion;
  const off =
    discount.type === 'percentage'
      ? formatBps(discount.bps)
      : discount.amounts.map((price) => formatMoney(price.amount, price.currency)).join(' / ');
  if (target.type === 'shipping') {
    return discount.type === 'percentage' && discount.bps === 10_000
      ? 'free shipping'
      : `${off} off shipping`;
  }
  if (target.type === 'order') return `${off} off the order`;
  const count = target.variantIds.length + target.productIds.length + target.collectionIds.length;
  return `${off} off ${count} listed item${count === 1 ? '' : 's'}`;
}

export function printRegion(out: Output, region: Region): void {
  out.keyValue([
    ['ID', region.id],
    ['Name', region.name],
    ['Countries', region.countries.join(', ')],
    ['Currency', region.currency],
    ['Prices include tax', region.pricesIncludeTax ? 'yes' : 'no'],
    ['Created', formatTime(region.createdAt, out.style)],
    ['Updated', formatTime(region.updatedAt, out.style)],
  ]);
}

export function printTaxRate(out: Output, rate: TaxRate): void {
  const s = out.style;
  out.keyValue([
    ['ID', rate.id],
    ['Region', rate.regionId],
    ['Name', rate.name],
    ['Rate', formatBps(rate.rateBps)],
    ['Subdivision', rate.subdivision ?? s.dim('(whole region)')],
    ['Tax category', rate.taxCategory ?? s.dim('(default)')],
    ['Taxes shipping', rate.appliesToShipping ? 'yes' : 'no'],
    ['Updated', formatTime(rate.updatedAt, s)],
  ]);
}

export function printShippingMethod(out: Output, method: ShippingMethod): void {
  const s = out.style;
  const money = (amount: number | null) =>
    amount === null ? s.dim('(none)') : formatMoney(amount, method.currency);
  out.keyValue([
    ['ID', method.id],
    ['Region', method.regionId],
    ['Name', method.name],
    ['Price', describeShippingRule(method.rule, method.currency)],
    ['Min subtotal', money(method.minSubtotal)],
    ['Max subtotal', money(method.maxSubtotal)],
    ['Active', method.active ? 'yes' : 'no'],
    ['Updated', formatTime(method.updatedAt, s)],
  ]);
}

export function printPromotion(out: Output, promotion: Promotion): void {
  const s = out.style;
  out.keyValue([
    ['ID', promotion.id],
    ['Code', promotion.code ?? s.dim('(automatic)')],
    ['Name', promotion.name],
    ['Discount', describePromotion(promotion)],
    [
      'Minimum',
      promotion.minimumSubtotal.length === 0
        ? s.dim('(none)')
        : promotion.minimumSubtotal.map((p) => formatMoney(p.amount, p.currency)).join(' / '),
    ],
    ['Starts', promotion.startsAt ? formatTime(promotion.startsAt, s) : s.dim('(now)')],
    ['Ends', promotion.endsAt ? formatTime(promotion.endsAt, s) : s.dim('(never)')],
    ['Used', `${promotion.usageCount}${promotion.usageLimit === null ? '' : ` of ${promotion.usageLimit}`}`],
    [
      'Per customer',
      promotion.perCustomerLimit === null ? s.dim('(unlimited)') : String(promotion.perCustomerLimit),
    ],
    ['Combinable', promotion.combinable ? 'yes' : 'no'],
    ['Active', promotion.active ? 'yes' : 'no'],
    ['Updated', formatTime(promotion.updatedAt, s)],
  ]);
}
