import { settings } from './settings.js';
import { shop } from './shop.js';

/** The part of a region (`GET /v1/regions`) the storefront uses. */
export interface ShopRegion {
  id: string;
  name: string;
  countries: string[];
  currency: string;
  pricesIncludeTax: boolean;
}

let lookup: Promise<ShopRegion> | undefined;

/**
 * The region that sells to the shop's country: it decides the currency of the prices shown, the tax, the shipping
 * methods and the countries the address form offers. `@tillpoint/sdk/storefront` has no regions resource, so this
 * is the client's generic `request`. Looked up once; a failure is tried again on the next call.
 */
export function shopRegion(): Promise<ShopRegion> {
  lookup ??= shop
    .request<{ data: ShopRegion[] }>('GET', '/v1/regions', { query: { country: settings.country } })
    .then(({ data: [region] }) => {
      if (!region)
        throw new Error(`No region sells to ${settings.country}: seed the shop first (see README.md).`);
      return region;
    });
  lookup.catch(() => {
    lookup = undefined;
  });
  return lookup;
}
