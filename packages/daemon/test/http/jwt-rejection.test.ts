import { createHash, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const SECRET = 'test-signing-secret-that-is-long-enough-0123456789';
const KID = createHash('sha256').update(SECRET).digest('base64url').slice(0, 12);
const KEY = new TextEncoder().encode(SECRET);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of DIALECTS) {
  describe(`access token rejection on ${dialect}`, () => {
    let t: TestApp;
    let claims: { sub: string; sid: string; role: string };
    let valid: string;

    /** A correctly signed token with overridable header and claims. */
    async function sign(
      header: Record<string, unknown> = {},
      payload: Record<string, unknown> = {},
      key: Uint8Array = KEY,
    ): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: claims.sid, role: claims.role, ...payload })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: KID, ...header } as { alg: string })
        .setSubject(String(payload.sub ?? claims.sub))
        .setIssuer(String(payload.iss ?? 'tillpointd'))
        .setAudience(String(payload.aud ?? 'tillpoint-api'))
        .setIssuedAt(now)
        .setNotBefore(Number(payload.nbf ?? now))
        .setExpirationTime(Number(payload.exp ?? now + 3600))
        .sign(key);
    }

    /** An unsigned token with the given header: what an `alg: none` attack sends. */
    function unsigned(header: Record<string, unknown>): string {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        ...claims,
        iss: 'tillpointd',
        aud: 'tillpoint-api',
        iat: now,
        nbf: now,
        exp: now + 3600,
      };
      return `${b64(header)}.${b64(payload)}.`;
    }

    beforeAll(async () => {
      t = await createTestApp(dialect, { config: { jwtSecret: SECRET } });
      const session = await registerUser(t.app);
      valid = session.accessToken;
      const payload = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString()) as {
        sub: string;
        sid: string;
        role: string;
      };
      claims = { sub: payload.sub, sid: payload.sid, role: payload.role };
    });
    afterAll(async () => t?.close());

    it('accepts the genuine token (the control case)', async () => {
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(valid) })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(await sign()) })).statusCode).toBe(200);
    });

    it('rejects every forged, tampered or malformed token with 401 problem+json', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rs256 = await new SignJWT({ sid: claims.sid, role: 'admin' })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: KID })
        .setSubject(claims.sub)
        .setIssuer('tillpointd')
        .setAudience('tillpoint-api')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      const hs512 = await new SignJWT({ sid: claims.sid, role: claims.role })
        .setProtectedHeader({ alg: 'HS512', typ: 'at+jwt', kid: KID })
        .setSubject(claims.sub)
        .setIssuer('tillpointd')
        .setAudience('tillpoint-api')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET.repeat(2)));
      const [head, body, signature] = valid.split('.') as [string, string, string];
      const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
      const now = Math.floor(Date.now() / 1000);

      const forged: Record<string, string> = {
        'alg none': unsigned({ alg: 'none', typ: 'at+jwt', kid: KID }),
        'alg None': unsigned({ alg: 'None', typ: 'at+jwt', kid: KID }),
        'alg NONE': unsigned({ alg: 'NONE', typ: 'at+jwt', kid: KID }),
        'alg nOnE': unsigned({ alg: 'nOnE', typ: 'at+jwt', kid: KID }),
        'alg none with the real signature': `${b64({ alg: 'none', typ: 'at+jwt', kid: KID })}.${body}.${signature}`,
        'RS256 (HS/RS confusion)': rs256,
        'HS512 instead of the pinned HS256': hs512,
        'unknown kid': await sign({ kid: 'not-a-key' }),
        'injected kid (path)': await sign({ kid: '../../../../etc/passwd' }),
        'injected kid (SQL)': await sign({ kid: "' OR 1=1 --" }),
        'missing kid': await sign({ kid: undefined }),
        expired: await sign({}, { exp: now - 60, nbf: now - 3600 }),
        'nbf in the future': await sign({}, { nbf: now + 3600 }),
        'wrong iss': await sign({}, { iss: 'someone-else' }),
        'wrong aud': await sign({}, { aud: 'another-api' }),
        'wrong typ': await sign({ typ: 'JWT' }),
        'signed with another secret': await sign({}, {}, new TextEncoder().encode(`${SECRET}-other`)),
        'bad signature': `${head}.${body}.${flipped}`,
        'tampered payload (role escalation)': `${head}.${b64({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'admin' })}.${signature}`,
        'truncated (two parts)': `${head}.${body}`,
        'truncated signature': `${head}.${body}.${signature.slice(0, 10)}`,
        'an 8 KB header': `${b64({ alg: 'HS256', typ: 'at+jwt', kid: KID, pad: 'x'.repeat(8 * 1024) })}.${body}.${signature}`,
        garbage: 'not-a-token',
        'unknown session': await sign({}, { sid: 'ses_01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
        'subject of another user': await sign({}, { sub: 'usr_01ARZ3NDEKTSV4RRFFQ69G5FAV' }),
        'JSON instead of a token': JSON.stringify({ alg: 'none' }),
      };
      expect(Object.keys(forged).length).toBeGreaterThanOrEqual(20);

      for (const [name, token] of Object.entries(forged)) {
        const response = await t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
        expect(response.statusCode, name).toBe(401);
        expect(response.headers['content-type'], name).toContain('application/problem+json');
        expect(['invalid_token', 'unauthenticated'], name).toContain(
          (response.json() as { code: string }).code,
        );
      }
    });

    it('rejects malformed Authorization headers', async () => {
      for (const value of [
        'Bearer',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        `Token ${valid}`,
        `Bearer ${valid} extra`,
      ]) {
        const response = await t.app.inject({ url: '/v1/me', headers: { authorization: value } });
        expect(response.statusCode, value).toBe(401);
      }
    });

    it('keeps verifying tokens of a retired key after rotation, until they expire', async () => {
      const rotated = await createTestApp(dialect, {
        config: { jwtSecret: `${SECRET}-new-key-after-rotation`, jwtPreviousSecrets: SECRET },
      });
      try {
        const session = await registerUser(rotated.app);
        const me = (token: string) => rotated.app.inject({ url: '/v1/me', headers: bearer(token) });
        expect((await me(session.accessToken)).statusCode).toBe(200);
        const oldKeyToken = await new SignJWT({
          sid: JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()).sid,
          role: 'user',
        })
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: KID })
          .setSubject(session.user.id)
          .setIssuer('tillpointd')
          .setAudience('tillpoint-api')
          .setIssuedAt()
          .setNotBefore('0s')
          .setExpirationTime('1h')
          .sign(KEY);
        expect((await me(oldKeyToken)).statusCode).toBe(200);
        const header = JSON.parse(Buffer.from(session.accessToken.split('.')[0]!, 'base64url').toString());
        expect(header.kid).not.toBe(KID);
      } finally {
        await rotated.close();
      }
    });
  });
}
