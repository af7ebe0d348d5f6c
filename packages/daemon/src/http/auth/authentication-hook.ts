import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import { ANONYMOUS, type Principal } from '../../core/principal.js';
import type { ApiKeysService } from '../../modules/api-keys/api-keys-service.js';
import { API_KEY_PREFIX } from '../../modules/api-keys/api-keys-service.js';
import { ACCESS_COOKIE } from '../../modules/auth/auth-cookies.js';
import type { AuthService } from '../../modules/auth/auth-service.js';
import { roleHolds } from './permissions.js';

/**
 * Resolves who is calling (bearer token, API key, or access cookie) and enforces the route's
 * permission from the RBAC table, before the body is even parsed. Every route must declare one:
 * registering a route without it fails at start-up.
 */
export function registerAuthentication(
  app: FastifyInstance,
  services: { auth: AuthService; apiKeys: ApiKeysService },
) {
  app.addHook('onRoute', (route) => {
    if (route.config?.permission) return;
    throw new Error(`route ${route.method} ${route.url} declares no permission (config.permission)`);
  });

  // Fastify forbids object defaults on decorators (they would be shared); each request sets its own below.
  app.decorateRequest('principal', null as never);

  // Callback style (ADR-063): a request without credentials (or a route that reads its own) waits for nothing.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config.ownCredentials || !presentsCredential(request)) {
      admit(request, ANONYMOUS);
      done();
      return;
    }
    principalOf(request, services).then((principal) => {
      let refused: Error | undefined;
      try {
        admit(request, principal);
      } catch (error) {
        refused = error as Error;
      }
      done(refused);
    }, done);
  });
}

/** Whether the request carries anything that could identify a caller: a bearer header or the access cookie. */
function presentsCredential(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || Boolean(request.cookies?.[ACCESS_COOKIE]);
}

/** Sets who is calling and enforces the route's permission from the RBAC table. */
function admit(request: FastifyRequest, principal: Principal): void {
  request.principal = principal;
  const permission = request.routeOptions.config.permission;
  // No permission means no route matched: the not-found handler answers.
  if (!permission || roleHolds(principal.role, permission)) return;
  throw new AppError(principal.kind === 'anonymous' ? 'unauthenticated' : 'permission_denied', {
    detail:
      principal.kind === 'anonymous'
        ? undefined
        : `Your role (${principal.role}) does not allow ${permission}.`,
  });
}

async function principalOf(
  request: FastifyRequest,
  services: { auth: AuthService; apiKeys: ApiKeysService },
): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
    if (!match)
      throw new AppError('unauthenticated', { detail: 'Use `Authorization: Bearer <token or API key>`.' });
    const credential = match[1]!;
    const principal = credential.startsWith(API_KEY_PREFIX)
      ? await services.apiKeys.principalForSecret(credential)
      : await services.auth.principalForAccessToken(credential);
    if (!principal) throw new AppError('invalid_token');
    return principal;
  }
  // A stale browser cookie must not block public routes such as login or refresh: it just counts as no credential.
  const cookie = request.cookies?.[ACCESS_COOKIE];
  if (cookie) return (await services.auth.principalForAccessToken(cookie)) ?? ANONYMOUS;
  return ANONYMOUS;
}
