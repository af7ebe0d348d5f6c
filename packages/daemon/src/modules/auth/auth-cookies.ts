import type { AuthSession } from '@tillpoint/sdk/schemas';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';

export const ACCESS_COOKIE = 'tp_access';
export const REFRESH_COOKIE = 'tp_refresh';
/** The refresh cookie is only sent to the auth endpoints that use it. */
const REFRESH_COOKIE_PATH = '/v1/auth';

/**
 * Browser sessions: both tokens as HTTP-only cookies. The access cookie is SameSite=Lax (sent on
 * top-level navigation, never on cross-site POSTs); the refresh cookie is SameSite=Strict and scoped
 * to `/v1/auth`. `Secure` is on unless `cookieSecure` is turned off for plain-HTTP localhost.
 */
export function setSessionCookies(
  reply: FastifyReply,
  session: AuthSession,
  config: Pick<Config, 'cookieSecure'>,
) {
  const common = { httpOnly: true, secure: config.cookieSecure };
  reply.setCookie(ACCESS_COOKIE, session.accessToken, {
    ...common,
    sameSite: 'lax',
    path: '/',
    expires: new Date(session.accessTokenExpiresAt),
  });
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    ...common,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: new Date(session.refreshTokenExpiresAt),
  });
}

export function clearSessionCookies(reply: FastifyReply, config: Pick<Config, 'cookieSecure'>) {
  reply.clearCookie(ACCESS_COOKIE, {
    path: '/',
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'lax',
  });
  reply.clearCookie(REFRESH_COOKIE, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'strict',
  });
}
