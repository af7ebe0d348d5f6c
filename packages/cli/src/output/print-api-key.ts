import type { ApiKey } from '@tillpoint/sdk';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** The state of a key: revoked, expired or active. */
export function apiKeyState(key: ApiKey, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

/** An API key as `key  value` lines (never the secret). */
export function printApiKey(out: Output, key: ApiKey): void {
  const s = out.style;
  out.keyValue([
    ['ID', key.id],
    ['Name', key.name],
    ['Role', key.role],
    ['Prefix', key.prefix],
    ['State', apiKeyState(key)],
    ['Created', formatTime(key.createdAt, s)],
    ['Expires', key.expiresAt ? formatTime(key.expiresAt, s) : s.dim('never')],
    ['Last used', key.lastUsedAt ? formatTime(key.lastUsedAt, s) : s.dim('never')],
    ...(key.revokedAt ? [['Revoked', formatTime(key.revokedAt, s)] as [string, string]] : []),
  ]);
}
