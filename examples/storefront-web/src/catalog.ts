import type { Product, Variant } from '@tillpoint/sdk/storefront';

/** The price of a variant in the shop's currency, or undefined when it has none in it. */
export function priceOf(variant: Variant, currency: string): number | undefined {
  return variant.prices.find((price) => price.currency === currency)?.amount;
}

/** The variants a shopper can pick: active ones with a price in the shop's currency. */
export function sellableVariants(product: Product, currency: string): Variant[] {
  return product.variants.filter((variant) => variant.active && priceOf(variant, currency) !== undefined);
}

/** The lowest price among the product's sellable variants. */
export function lowestPrice(product: Product, currency: string): number | undefined {
  const prices = sellableVariants(product, currency).map((variant) => priceOf(variant, currency) as number);
  return prices.length > 0 ? Math.min(...prices) : undefined;
}

/** The sellable variant whose option values are exactly the chosen ones, if any. */
export function variantFor(
  product: Product,
  currency: string,
  chosen: Record<string, string>,
): Variant | undefined {
  return sellableVariants(product, currency).find((variant) =>
    product.options.every((option) => variant.options[option.name] === chosen[option.name]),
  );
}

/** What the page says about stock: untracked stock is always available. */
export function stockText(variant: Variant): string {
  if (variant.stock === null) return 'In stock';
  if (variant.stock <= 0) return 'Out of stock';
  return variant.stock <= 5 ? `Only ${variant.stock} left` : 'In stock';
}
