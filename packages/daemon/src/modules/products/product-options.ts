import type { ProductOption } from '@tillpoint/sdk/schemas';

/** Rules of options and variant option values: pure, so both services and imports apply the same ones. */

/** "M / red" in the product's option order, or "Default" for a product without options. */
export function variantTitle(productOptions: ProductOption[], values: Record<string, string>): string {
  const parts = productOptions.map((option) => values[option.name]).filter((v) => v !== undefined);
  return parts.length > 0 ? parts.join(' / ') : 'Default';
}

/** Why a variant's option values do not fit its product's options, or null when they do. */
export function optionsMismatch(
  productOptions: ProductOption[],
  values: Record<string, string>,
): string | null {
  for (const option of productOptions) {
    const value = values[option.name];
    if (value === undefined) return `needs a value for option "${option.name}"`;
    if (!option.values.includes(value)) {
      return `"${value}" is not a value of option "${option.name}" (${option.values.join(', ')})`;
    }
  }
  const extra = Object.keys(values).filter((name) => !productOptions.some((o) => o.name === name));
  if (extra.length > 0) return `the product has no option ${extra.map((n) => `"${n}"`).join(', ')}`;
  return null;
}

/** A stable key of a combination of option values, to find two variants with the same one. */
export function combinationKey(productOptions: ProductOption[], values: Record<string, string>): string {
  return JSON.stringify(productOptions.map((option) => values[option.name] ?? null));
}

/**
 * A variant's values under new product options: a new option gets its first value, a removed option is dropped.
 * Returns an error when a kept option no longer allows the variant's value.
 */
export function reshapeValues(
  newOptions: ProductOption[],
  values: Record<string, string>,
): { values: Record<string, string> } | { error: string } {
  const reshaped: Record<string, string> = {};
  for (const option of newOptions) {
    const current = values[option.name];
    if (current === undefined) {
      reshaped[option.name] = option.values[0]!;
    } else if (option.values.includes(current)) {
      reshaped[option.name] = current;
    } else {
      return { error: `uses "${current}" of option "${option.name}", which the new options no longer allow` };
    }
  }
  return { values: reshaped };
}
