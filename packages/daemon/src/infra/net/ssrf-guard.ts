import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { type LazyAgent, lazyAgent } from './outbound-http.js';

/**
 * Outbound requests to user-supplied URLs (webhooks) must not reach the daemon's own network: private, loopback,
 * link-local, CGNAT, multicast and reserved addresses are refused unless `allowPrivate` (tests, trusted LANs).
 * Checked when a URL is saved and again on every connection (the resolved address), so DNS rebinding cannot slip
 * past the first check.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host} resolves to ${address}, a private or reserved address; webhooks may only target public addresses`,
    );
  }
}

/** Resolves `host` (or takes it as an IP literal) and refuses it unless every address is public. */
export async function assertPublicHost(host: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [bare]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(bare, { all: true }, (error, found) =>
          error ? reject(error) : resolve(found.map((entry) => entry.address)),
        ),
      );
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked !== undefined) throw new BlockedAddressError(host, blocked);
}

/** A DNS lookup for sockets that fails for addresses the guard refuses. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = allowPrivate ? found : found.filter((entry) => isPublicAddress(entry.address));
      if (usable.length === 0) {
        return callback(new BlockedAddressError(hostname, found[0]?.address ?? 'nothing'), '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/**
 * An undici dispatcher for outbound webhook traffic: guarded lookups, no connection reuse across endpoints beyond
 * undici's per-origin pools, and bounded timeouts.
 */
export function createGuardedAgent(options: { allowPrivate: boolean; timeoutMs: number }): LazyAgent {
  return lazyAgent(
    ({ Agent }) =>
      new Agent({
        connect: { lookup: guardedLookup(options.allowPrivate), timeout: options.timeoutMs },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        // IP-literal URLs skip DNS, so they are checked by the caller before the request.
        connections: 16,
      }),
  );
}
