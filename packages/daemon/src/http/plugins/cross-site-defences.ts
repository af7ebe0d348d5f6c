import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../modules/auth/auth-cookies.js';

/** Methods that change state: the ones a cross-site page must not be able to make for a signed-in browser. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Cookies that authenticate a browser; a request carrying one and no `Authorization` header acts by cookie. */
const CREDENTIAL_COOKIES = [ACCESS_COOKIE, REFRESH_COOKIE];
/** A guest cart's token cookie (`tp_cart_<id>`) is a credential for that cart, and is checked the same way. */
const CART_COOKIE_PREFIX = 'tp_cart_';

/**
 * The two defences against cross-site request forgery, both before authentication does anything:
 * - a route accepts only the content types it documents (`application/json`, or its `config.openapiBody` media
 *   types: multipart images, CSV/JSON Lines uploads). A form or `fetch` without CORS can only send
 *   `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`, so JSON routes refuse them with 415;
 * - a state-changing request authenticated by cookie must come from the daemon's own origin or one of `corsOrigins`
 *   (its `Origin`, else its `Referer`), else 403 `origin_not_allowed`. Bearer tokens and API keys are not sent by
 *   browsers on their own, so they are not affected.
 */
export function registerCrossSiteDefences(app: FastifyInstance, config: Pick<Config, 'corsOrigins'>) {
  const trusted = new Set(
    config.corsOrigins
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );
  // Callback style: nothing to wait for (ADR-063); Fastify answers what it throws as it would a rejection.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!STATE_CHANGING.has(request.method) || !request.routeOptions.url) return done();
    assertDocumentedContentType(request);
    if (request.headers.authorization !== undefined) return done();
    if (!carriesCredentialCookie(request)) return done();
    const origin = originOf(request);
    if (origin && (origin === ownOrigin(request) || trusted.has(origin))) return done();
    throw new AppError('origin_not_allowed', {
      detail: origin
        ? `Requests signed in by cookie must come from this site or an allowed origin (corsOrigins); ${origin} is neither.`
        : 'Requests signed in by cookie must carry an Origin or Referer header from this site or an allowed origin.',
    });
  });
}

function assertDocumentedContentType(request: FastifyRequest) {
  const allowed = request.routeOptions.config.openapiBody?.mediaTypes ?? ['application/json'];
  const header = request.headers['content-type'];
  if (header === undefined) {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
    if (!hasBody) return;
    throw new AppError('unsupported_media_type', {
      detail: `Send the body with Content-Type: ${allowed.join(' or ')}.`,
    });
  }
  const essence = header.split(';')[0]?.trim().toLowerCase() ?? '';
  if (allowed.includes(essence)) return;
  throw new AppError('unsupported_media_type', {
    detail: `${request.method} ${request.routeOptions.url} takes ${allowed.join(' or ')}, not ${essence || 'an empty type'}.`,
  });
}

function carriesCredentialCookie(request: FastifyRequest): boolean {
  const cookies = request.cookies ?? {};
  return (
    CREDENTIAL_COOKIES.some((name) => cookies[name]) ||
    Object.keys(cookies).some((name) => name.startsWith(CART_COOKIE_PREFIX))
  );
}

/** The request's `Origin`, else the origin of its `Referer`; undefined when neither is usable. */
function originOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** The origin a browser shows for this daemon: scheme and host as the client (or a trusted proxy) sent them. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
