import type { Role } from '@tillpoint/sdk/schemas';

/**
 * Who is making a request. Anonymous callers are `guest`s. A user signed in with a token, or an
 * API key acting for its owner with the key's own role.
 */
export type Principal =
  | { kind: 'anonymous'; role: 'guest' }
  | { kind: 'user'; role: Role; userId: string; sessionId: string }
  | { kind: 'api_key'; role: Role; userId: string | null; apiKeyId: string };

export const ANONYMOUS: Principal = { kind: 'anonymous', role: 'guest' };

/** Rank of each role: a key or grant may not exceed its creator's rank. */
export const ROLE_RANK: Record<Role, number> = { guest: 0, user: 1, admin: 2 };

/** The user a principal acts for: the signed-in user, or the owner of the API key in use; null for guests. */
export function actingUserId(principal: Principal): string | null {
  return principal.kind === 'anonymous' ? null : principal.userId;
}

/** A short, log-safe description of the principal (no secrets). */
export function describePrincipal(principal: Principal): string {
  if (principal.kind === 'user') return `user:${principal.userId}`;
  if (principal.kind === 'api_key') return `api_key:${principal.apiKeyId}`;
  return 'anonymous';
}
