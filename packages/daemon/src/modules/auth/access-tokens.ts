import type { Role } from '@tillpoint/sdk/schemas';
import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../config.js';
import type { Clock } from '../../infra/clock.js';
import { sha256Hex } from '../../infra/secrets.js';
import type { SigningKeyRing } from './signing-keys.js';

/** The only algorithm accepted: a token claiming any other (`none`, RS256, …) is refused before any key is used. */
const ALGORITHM = 'HS256';
/** RFC 9068 access-token type. */
const TOKEN_TYPE = 'at+jwt';
/** Bearer tokens longer than this are refused unparsed. */
const MAX_TOKEN_LENGTH = 4096;
/** Seconds of clock skew accepted on `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens remembered at most (the least recently used are dropped first). */
const VERIFIED_TOKENS_KEPT = 10_000;

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
  const verified = new LRUCache<string, { claims: AccessClaims; exp: number }>({ max: VERIFIED_TOKENS_KEPT });
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
      // A token's signature and claims never change, so one verification holds until it expires: a client sends
      // the same token on every request, and checking the HMAC each time was a tenth of an order read. The cache
      // is keyed by the token's SHA-256, so no usable token is kept in memory; revocation is checked on every
      // request regardless (the session's state, by the auth hook).
      const id = sha256Hex(token);
      const known = verified.get(id);
      if (known) {
        if (clock.now().getTime() < (known.exp + CLOCK_TOLERANCE_SECONDS) * 1000) return known.claims;
        verified.delete(id);
        return null;
      }
      const claims = await verifyFully(token);
      if (claims) verified.set(id, claims);
      return claims?.claims ?? null;
    },
  };

  async function verifyFully(token: string): Promise<{ claims: AccessClaims; exp: number } | null> {
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
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        },
      );
      const { sub, sid, role } = payload as { sub?: unknown; sid?: unknown; role?: unknown };
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof role !== 'string') return null;
      return { claims: { userId: sub, sessionId: sid, role: role as Role }, exp: payload.exp! };
    } catch {
      return null;
    }
  }
}
