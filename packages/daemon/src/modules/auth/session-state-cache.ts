import type { Cache } from '../../infra/cache/cache.js';
import type { SessionsRepository } from './sessions-repository.js';

type SessionState = Awaited<ReturnType<SessionsRepository['findActiveSessionState']>>;

/**
 * The sessions repository with the per-request check (`findActiveSessionState`: is the session alive, is its user
 * enabled, with which role) served from the mode's cache for at most `ttlMs`. Every revocation through this object,
 * and `forgetUser` after a change of the user, drops the cached states at once: on this node directly, on the others
 * through the cluster cache's invalidation channel. The TTL bounds what any missed or lost invalidation can cost:
 * a revoked session is refused on every node within `ttlMs` (default 1 s), and while Redis is down the cluster cache
 * is bypassed, so every request reads the database. `ttlMs` 0 turns the cache off.
 */
export function withSessionStateCache(
  sessions: SessionsRepository,
  deps: { cache: Cache; ttlMs: number; now: () => string },
) {
  const { cache, ttlMs } = deps;
  const key = (sessionId: string) => `session-state:${sessionId}`;

  async function forgetUser(userId: string): Promise<void> {
    if (ttlMs === 0) return;
    const ids = await sessions.unexpiredSessionIdsOf(userId, deps.now());
    await Promise.all(ids.map((id) => cache.delete(key(id))));
  }

  return {
    ...sessions,
    async findActiveSessionState(sessionId: string): Promise<SessionState> {
      if (ttlMs === 0) return sessions.findActiveSessionState(sessionId);
      const cached = await cache.get<NonNullable<SessionState>>(key(sessionId));
      if (cached) return cached;
      // A revocation that commits while the state is read must not be undone by caching the older state.
      const stamp = cache.stamp();
      const state = await sessions.findActiveSessionState(sessionId);
      if (state) await cache.set(key(sessionId), state, ttlMs, stamp);
      return state;
    },
    async revokeSession(sessionId: string, at: string, reason: string): Promise<void> {
      await sessions.revokeSession(sessionId, at, reason);
      if (ttlMs > 0) await cache.delete(key(sessionId));
    },
    async revokeAllSessions(userId: string, at: string, reason: string, exceptSessionId?: string) {
      const revoked = await sessions.revokeAllSessions(userId, at, reason, exceptSessionId);
      await forgetUser(userId);
      return revoked;
    },
    /** Drops the cached states of a user's sessions after a change of the user (role, disabled, deleted). */
    forgetUser,
  };
}
