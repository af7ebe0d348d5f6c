import type { Principal } from '../../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The route checks its own credential in `Authorization` (the metrics token): no user or key is resolved. */
    ownCredentials?: boolean;
    /** The permission this route needs (a key of `PERMISSIONS`). Every route must declare one. */
    permission?: import('./permissions.js').Permission;
    /** Rate-limit group; `auth` routes get the stricter per-IP limit. */
    rateLimitGroup?: 'auth';
  }
}
