import type { Address, SavedAddress } from '@tillpoint/sdk';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** An address on one line: "Ada Lovelace, Hauptstraße 1, 10115 Berlin, DE". */
export function formatAddress(address: Address): string {
  return [
    address.name,
    address.company,
    address.line1,
    address.line2,
    [address.postalCode, address.city].filter(Boolean).join(' '),
    [address.subdivision, address.countryCode].filter(Boolean).join(', '),
  ]
    .filter(Boolean)
    .join(', ');
}

/** Which defaults an address is: "shipping, billing", "shipping", … or "". */
export function defaultsOf(saved: SavedAddress): string {
  return [saved.isDefaultShipping && 'shipping', saved.isDefaultBilling && 'billing']
    .filter(Boolean)
    .join(', ');
}

/** A saved address as `key  value` lines. */
export function printSavedAddress(out: Output, saved: SavedAddress): void {
  const s = out.style;
  const { address } = saved;
  const none = s.dim('(none)');
  out.keyValue([
    ['ID', saved.id],
    ['Name', address.name],
    ['Company', address.company ?? none],
    ['Line 1', address.line1],
    ['Line 2', address.line2 ?? none],
    ['City', address.city],
    ['Postal code', address.postalCode ?? none],
    ['Subdivision', address.subdivision ?? none],
    ['Country', address.countryCode],
    ['Phone', address.phone ?? none],
    ['Default for', defaultsOf(saved) || none],
    ['Created', formatTime(saved.createdAt, s)],
    ['Updated', formatTime(saved.updatedAt, s)],
  ]);
}
