import { VERSION } from '../version.js';

/** The bits of the host the client reads, all optional: browsers and edge runtimes have no `process`. */
interface HostGlobals {
  process?: { env?: Record<string, string | undefined>; version?: string; versions?: Record<string, string> };
  Deno?: { version?: { deno?: string } };
}

const host = globalThis as HostGlobals;

/** An environment variable, or `undefined` when it is unset, empty, or there is no environment (browsers). */
export function envValue(name: string): string | undefined {
  const value = host.process?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The `User-Agent` to send: `tillpoint-sdk/<version> node/<version>` (or `bun/…`, `deno/…`). Browsers and edge
 * runtimes get none: they set their own, and a custom one would have to pass the daemon's CORS allowlist.
 */
export function userAgent(): string | undefined {
  const versions = host.process?.versions;
  const runtime = versions?.bun
    ? `bun/${versions.bun}`
    : host.Deno?.version?.deno
      ? `deno/${host.Deno.version.deno}`
      : versions?.node
        ? `node/${host.process?.version ?? `v${versions.node}`}`
        : undefined;
  return runtime === undefined ? undefined : `tillpoint-sdk/${VERSION} ${runtime}`;
}

/**
 * A random UUID (v4). `crypto.randomUUID` exists only in secure contexts in browsers (HTTPS, localhost); elsewhere
 * the same layout is built from `crypto.getRandomValues`, which every runtime has.
 */
export function randomUUID(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
