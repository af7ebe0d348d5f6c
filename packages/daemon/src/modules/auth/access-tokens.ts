import type { Role } from '@tillpoint/sdk/schemas';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config.js';
import type { Clock } from '../../infra/clock.js';
import type { SigningKeyRing } from './signing-keys.js';

/** The only algorithm accepted: a token claiming any other (`none`, RS256, …) is refused before any key is used. */
const ALGORITHM = 'HS256';
/** RFC 9068 access-token type. */
const TOKEN_TYPE = 'at+jwt';
/** Bearer tokens longer than this are refused unparsed. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: Role;
}

export interface AccessTokens {
  sign(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>;
  /** Verified claims, or `null` for any token that is not one of ours and current. Never throws for bad input. */
  verify(token: string): Promise<AccessClaims | null>;
}

/**
 * Access tokens: HS256 JWTs with `typ`, `iss`, `aud`, `exp`, `iat`, `nbf` and `kid`, all checked.
 * Revocation is not in the token: the auth hook checks the session on every request.
 */
export function createAccessTokens(
  config: Pick<Config, 'jwtIssuer' | 'jwtAudience' | 'accessTokenTtlSeconds'>,
  keys: SigningKeyRing,
  clock: Clock,
): AccessTokens {
  return {
    async sign(claims) {
      const now = Math.floor(clock.now().getTime() / 1000);
      const exp = now + config.accessTokenTtlSeconds;
      const token = await new SignJWT({ sid: claims.sessionId, role: claims.role })
        .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE, kid: keys.current.kid })
        .setSubject(claims.userId)
        .setIssuer(config.jwtIssuer)
        .setAudience(config.jwtAudience)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(exp)
        .sign(keys.current.key);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            const key = typeof header.kid === 'string' ? keys.all.get(header.kid) : undefined;
            if (!key) throw new errors.JWKSNoMatchingKey();
            return key.key;
          },
          {
            algorithms: [ALGORITHM],
            typ: TOKEN_TYPE,
            issuer: config.jwtIssuer,
            audience: config.jwtAudience,
            requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
            currentDate: clock.now(),
            clockTolerance: 5,
          },
        );
        const { sub, sid, role } = payload as { sub?: unknown; sid?: unknown; role?: unknown };
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof role !== 'string') return null;
        return { userId: sub, sessionId: sid, role: role as Role };
      } catch {
        return null;
      }
    },
  };
}
