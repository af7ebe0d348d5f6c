import { join } from 'node:path';
import { AuthSessionSchema, UserSchema } from '@tillpoint/sdk/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/infra/clock.js';
import {
  bearer,
  codeOf,
  createAdmin,
  login,
  PASSWORD,
  registerUser,
  uniqueEmail,
} from '../support/identity-fixtures.js';
import { findInOutbox, recipientOf, resetTokenIn } from '../support/mail-catcher.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`auth on ${dialect}`, () => {
    let t: TestApp;
    const logs: Record<string, unknown>[] = [];

    beforeAll(async () => {
      t = await createTestApp(dialect, { startWorkers: true, onLog: (line) => logs.push(line) });
    });
    afterAll(async () => t?.close());

    it('registers with a normalized email (202, no session); the user then signs in, unverified', async () => {
      const email = uniqueEmail('Mixed');
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        payload: { email: `  ${email.toUpperCase()} `, password: PASSWORD, name: 'Ada' },
      });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ status: 'accepted' });
      expect(response.cookies).toEqual([]);
      const session = await login(t.app, email.toUpperCase());
      expect(session.user).toMatchObject({
        email: email.toLowerCase(),
        role: 'user',
        name: 'Ada',
        disabled: false,
        emailVerifiedAt: null,
      });
      const me = await t.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) });
      expect(UserSchema.parse(me.json()).id).toBe(session.user.id);
      const events = await t.database.db
        .selectFrom('events')
        .selectAll()
        .where('subject_id', '=', session.user.id)
        .execute();
      expect(events.map((e) => e.type)).toEqual(['user.created']);
      expect(events[0]!.data).not.toContain(PASSWORD);
    });

    it('answers a second registration of an email, in any casing, exactly like a new one and keeps the account', async () => {
      const email = uniqueEmail();
      const register = (address: string, password: string) =>
        t.app.inject({ method: 'POST', url: '/v1/auth/register', payload: { email: address, password } });
      const fresh = await register(uniqueEmail('fresh'), PASSWORD);
      await registerUser(t.app, email);
      const again = await register(email.toUpperCase(), 'someone else entirely');
      expect(again.statusCode).toBe(fresh.statusCode);
      expect(again.body).toBe(fresh.body);
      expect(again.headers['content-type']).toBe(fresh.headers['content-type']);
      const rows = await t.database.db.selectFrom('users').select('id').where('email', '=', email).execute();
      expect(rows).toHaveLength(1);
      expect((await login(t.app, email)).user.email).toBe(email);
    });

    it('takes as long to answer for a registered email as for a new one (one bcrypt hash each)', async () => {
      const taken = uniqueEmail('taken');
      await registerUser(t.app, taken);
      const timeOf = async (email: string) => {
        const began = performance.now();
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/register',
          payload: { email, password: PASSWORD },
        });
        expect(response.statusCode).toBe(202);
        return performance.now() - began;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await timeOf(taken));
        unknown.push(await timeOf(uniqueEmail('new')));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[2]!;
      // Without the hash on the registered path it answers in well under a tenth of the time of a new one.
      expect(median(known)).toBeGreaterThan(median(unknown) / 3);
    });

    it('enforces the password policy, including bcrypt’s 72-byte limit', async () => {
      const attempt = (password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/auth/register',
          payload: { email: uniqueEmail(), password },
        });
      expect((await attempt('short')).statusCode).toBe(422);
      expect((await attempt('é'.repeat(37))).statusCode).toBe(422); // 74 bytes, 37 characters
      expect((await attempt('a'.repeat(72))).statusCode).toBe(202);
      const tooLong = await attempt('a'.repeat(73));
      expect(tooLong.statusCode).toBe(422);
      expect(JSON.stringify(tooLong.json())).toContain('72 bytes');
    });

    it('stores bcrypt hashes at the default cost 12', async () => {
      const strong = await createTestApp(dialect, { config: { bcryptCost: 12 } });
      try {
        const email = uniqueEmail();
        await registerUser(strong.app, email);
        const row = await strong.database.db
          .selectFrom('users')
          .select('password_hash')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        expect(row.password_hash).toMatch(/^\$2b\$12\$/);
      } finally {
        await strong.close();
      }
    });

    it('answers an unknown email and a wrong password identically', async () => {
      const email = uniqueEmail();
      await registerUser(t.app, email);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password: 'nope nope nope' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: uniqueEmail('ghost'), password: 'nope nope nope' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(unknown.json())).toEqual(strip(wrong.json()));
      expect(codeOf(wrong)).toBe('invalid_credentials');
      expect(wrong.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);
    });

    it('rotates refresh tokens; reusing an old one after the grace window revokes the family', async () => {
      const session = await registerUser(t.app);
      const first = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
      });
      expect(first.statusCode).toBe(200);
      const rotated = AuthSessionSchema.parse(first.json());
      expect(rotated.refreshToken).not.toBe(session.refreshToken);

      // Age the rotation past the grace window, then replay the old token as a thief would.
      await t.database.db
        .updateTable('refresh_tokens')
        .set({ rotated_at: new Date(Date.now() - 60_000).toISOString() })
        .where('rotated_at', 'is not', null)
        .execute();
      const replay = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: session.refreshToken },
      });
      expect(replay.statusCode).toBe(401);
      expect(codeOf(replay)).toBe('refresh_token_reused');

      // The whole family is gone: the newest refresh token and its access token no longer work.
      const afterTheft = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: rotated.refreshToken },
      });
      expect(afterTheft.statusCode).toBe(401);
      const me = await t.app.inject({ url: '/v1/me', headers: bearer(rotated.accessToken) });
      expect(me.statusCode).toBe(401);
    });

    it('a refresh extends the session, so refreshing keeps a user signed in past the first expiry', async () => {
      const clock = createManualClock(new Date());
      const short = await createTestApp(dialect, { clock, config: { refreshTokenTtlSeconds: 300 } });
      try {
        let session = await registerUser(short.app);
        for (let round = 0; round < 3; round++) {
          clock.advance(200_000);
          const refreshed = await short.app.inject({
            method: 'POST',
            url: '/v1/auth/refresh',
            payload: { refreshToken: session.refreshToken },
          });
          expect(refreshed.statusCode, refreshed.body).toBe(200);
          session = AuthSessionSchema.parse(refreshed.json());
          expect(
            (await short.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) })).statusCode,
          ).toBe(200);
        }
        clock.advance(301_000);
        const expired = await short.app.inject({
          method: 'POST',
          url: '/v1/auth/refresh',
          payload: { refreshToken: session.refreshToken },
        });
        expect(expired.statusCode).toBe(401);
      } finally {
        await short.close();
      }
    });

    it('two concurrent refreshes: exactly one wins, the other is refused, the session survives', async () => {
      const session = await registerUser(t.app);
      const attempts = await Promise.all(
        [1, 2].map(() =>
          t.app.inject({
            method: 'POST',
            url: '/v1/auth/refresh',
            payload: { refreshToken: session.refreshToken },
          }),
        ),
      );
      const statuses = attempts.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, 401]);
      const loser = attempts.find((r) => r.statusCode === 401)!;
      expect(codeOf(loser)).toBe('refresh_token_reused');
      const winner = AuthSessionSchema.parse(attempts.find((r) => r.statusCode === 200)!.json());
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: { refreshToken: winner.refreshToken },
      });
      expect(again.statusCode).toBe(200);
    });

    it('logout revokes the session at once; logout-all revokes every session of the user', async () => {
      const email = uniqueEmail();
      const a = await registerUser(t.app, email);
      const b = await login(t.app, email);
      const c = await login(t.app, email);
      const out = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/logout',
        headers: bearer(a.accessToken),
        payload: {},
      });
      expect(out.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(a.accessToken) })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(b.accessToken) })).statusCode).toBe(200);

      const all = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/logout-all',
        headers: bearer(b.accessToken),
      });
      expect(all.statusCode).toBe(204);
      for (const session of [b, c]) {
        expect((await t.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) })).statusCode).toBe(
          401,
        );
        const refresh = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/refresh',
          payload: { refreshToken: session.refreshToken },
        });
        expect(refresh.statusCode).toBe(401);
      }
    });

    it('sets HTTP-only, SameSite cookies that authenticate browsers on every endpoint', async () => {
      const email = uniqueEmail();
      await registerUser(t.app, email);
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      const cookies = response.cookies as Array<Record<string, unknown>>;
      const access = cookies.find((c) => c.name === 'tp_access')!;
      const refresh = cookies.find((c) => c.name === 'tp_refresh')!;
      expect(access).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
      const me = await t.app.inject({ url: '/v1/me', cookies: { tp_access: String(access.value) } });
      expect(me.statusCode).toBe(200);
      const refreshed = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        cookies: { tp_refresh: String(refresh.value) },
        // A browser sends its page's origin; without one a cookie-signed POST is refused (cross-site-defences).
        headers: { origin: 'http://localhost:80' },
      });
      expect(refreshed.statusCode).toBe(200);
    });

    it('marks cookies Secure unless turned off for localhost', async () => {
      const secure = await createTestApp(dialect, { config: { cookieSecure: true } });
      try {
        const email = uniqueEmail();
        await registerUser(secure.app, email);
        const response = await secure.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email, password: PASSWORD },
        });
        const cookies = response.cookies as Array<Record<string, unknown>>;
        expect(cookies.length).toBe(2);
        for (const cookie of cookies) expect(cookie.secure).toBe(true);
      } finally {
        await secure.close();
      }
    });

    it('throttles brute force on an account, then lets the owner in after the window', async () => {
      const clock = createManualClock(new Date());
      const throttled = await createTestApp(dialect, { clock });
      try {
        const email = uniqueEmail();
        await registerUser(throttled.app, email);
        const attempt = (password: string, ip: string) =>
          throttled.app.inject({
            method: 'POST',
            url: '/v1/auth/login',
            payload: { email, password },
            remoteAddress: ip,
          });
        const statuses: number[] = [];
        const began = performance.now();
        for (let i = 0; i < 11; i++)
          statuses.push((await attempt('wrong wrong wrong', `10.9.0.${i}`)).statusCode);
        expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
        expect(statuses[10]).toBe(429);
        // Failures past the fifth were slowed down (250 ms more each) before being refused.
        expect(performance.now() - began).toBeGreaterThan(1000);

        const blocked = await attempt(PASSWORD, '10.9.1.1');
        expect(blocked.statusCode).toBe(429);
        expect(codeOf(blocked)).toBe('login_throttled');
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

        clock.advance(15 * 60 * 1000 + 1000);
        expect((await attempt(PASSWORD, '10.9.1.1')).statusCode).toBe(200);
      } finally {
        await throttled.close();
      }
    }, 60_000);

    it('password reset: an address that is not one is refused on the request body, never on a job', async () => {
      for (const email of ['ab', '-1', 'not an address', ' ']) {
        const refused = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/password-reset',
          payload: { email },
        });
        expect(refused.statusCode, email).toBe(422);
        expect(refused.json(), email).toMatchObject({
          code: 'validation_failed',
          errors: [expect.objectContaining({ path: 'body.email' })],
        });
      }
    });

    it('password reset: a one-time token sets a new password and ends all sessions', async () => {
      const email = uniqueEmail();
      const session = await registerUser(t.app, email);
      const accepted = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/password-reset',
        payload: { email },
      });
      expect(accepted.statusCode).toBe(202);
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/password-reset',
        payload: { email: uniqueEmail('ghost') },
      });
      expect(unknown.statusCode).toBe(202);
      expect(unknown.json()).toEqual(accepted.json());

      // No SMTP configured: the email lands in the data dir's outbox as an .eml file.
      const mail = await findInOutbox(
        join(t.config.dataDir, 'outbox'),
        (m) => recipientOf(m) === email.toLowerCase() && /reset/i.test(m.subject ?? ''),
      );
      const token = resetTokenIn(mail);
      expect(token).toMatch(/^prt_/);
      const confirm = (password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/auth/password-reset/confirm',
          payload: { token, password },
        });
      expect((await confirm('brand new password')).statusCode).toBe(204);
      expect((await confirm('another new password')).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) })).statusCode).toBe(
        401,
      );
      await login(t.app, email, 'brand new password');
    });

    it('changes the password with the current one and signs out other sessions', async () => {
      const email = uniqueEmail();
      const here = await registerUser(t.app, email);
      const elsewhere = await login(t.app, email);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/v1/me/password',
        headers: bearer(here.accessToken),
        payload: { currentPassword: 'not it at all', newPassword: 'fresh password 1' },
      });
      expect(wrong.statusCode).toBe(401);
      const changed = await t.app.inject({
        method: 'POST',
        url: '/v1/me/password',
        headers: bearer(here.accessToken),
        payload: { currentPassword: PASSWORD, newPassword: 'fresh password 1' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(here.accessToken) })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(elsewhere.accessToken) })).statusCode).toBe(
        401,
      );
      await login(t.app, email, 'fresh password 1');
    });

    it('checks sessions from a cache that every revocation through the API drops at once', async () => {
      const cached = await createTestApp(dialect, { config: { sessionCacheMs: 10_000 } });
      try {
        const session = await registerUser(cached.app);
        const me = () => cached.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) });
        expect((await me()).statusCode).toBe(200);
        // Revoked behind the daemon's back: the cached state still answers, which shows the cache is used...
        await cached.database.db
          .updateTable('sessions')
          .set({ revoked_at: new Date().toISOString(), revoked_reason: 'test' })
          .where('user_id', '=', session.user.id)
          .execute();
        expect((await me()).statusCode).toBe(200);
        // ...while a revocation through the API drops it: the very next request is refused.
        const other = await login(cached.app, session.user.email);
        const logoutAll = await cached.app.inject({
          method: 'POST',
          url: '/v1/auth/logout-all',
          headers: bearer(other.accessToken),
        });
        expect(logoutAll.statusCode).toBe(204);
        expect((await me()).statusCode).toBe(401);
      } finally {
        await cached.close();
      }
    });

    it('disabling a user invalidates their access token on the very next request', async () => {
      const admin = await createAdmin(t);
      const user = await registerUser(t.app);
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(user.accessToken) })).statusCode).toBe(200);
      const disabled = await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${user.user.id}`,
        headers: bearer(admin.accessToken),
        payload: { disabled: true },
      });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect((await t.app.inject({ url: '/v1/me', headers: bearer(user.accessToken) })).statusCode).toBe(401);
      const relogin = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: user.user.email, password: PASSWORD },
      });
      expect(codeOf(relogin)).toBe('account_disabled');
    });

    it('a role change applies to the next request without a new token', async () => {
      const admin = await createAdmin(t);
      const user = await registerUser(t.app);
      expect((await t.app.inject({ url: '/v1/users', headers: bearer(user.accessToken) })).statusCode).toBe(
        403,
      );
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${user.user.id}`,
        headers: bearer(admin.accessToken),
        payload: { role: 'admin' },
      });
      expect((await t.app.inject({ url: '/v1/users', headers: bearer(user.accessToken) })).statusCode).toBe(
        200,
      );
    });

    it('deleting a user anonymizes them, ends their sessions and keeps the last admin', async () => {
      const fresh = await createTestApp(dialect);
      try {
        const admin = await createAdmin(fresh);
        const user = await registerUser(fresh.app);
        const deleted = await fresh.app.inject({
          method: 'DELETE',
          url: `/v1/users/${user.user.id}`,
          headers: bearer(admin.accessToken),
        });
        expect(deleted.statusCode).toBe(204);
        expect(
          (await fresh.app.inject({ url: '/v1/me', headers: bearer(user.accessToken) })).statusCode,
        ).toBe(401);
        const row = await fresh.database.db
          .selectFrom('users')
          .selectAll()
          .where('id', '=', user.user.id)
          .executeTakeFirstOrThrow();
        expect(row.email).not.toContain(user.user.email);
        expect(row.password_hash).toBeNull();
        expect(
          (await fresh.app.inject({ url: `/v1/users/${user.user.id}`, headers: bearer(admin.accessToken) }))
            .statusCode,
        ).toBe(404);
        const self = await fresh.app.inject({
          method: 'DELETE',
          url: `/v1/users/${admin.user.id}`,
          headers: bearer(admin.accessToken),
        });
        expect(self.statusCode).toBe(409);
        expect(codeOf(self)).toBe('last_admin');
      } finally {
        await fresh.close();
      }
    });

    it('setup: the one-time token creates the first admin once', async () => {
      const fresh = await createTestApp(dialect);
      try {
        const token = await fresh.services.auth.ensureSetupToken();
        expect(token).toMatch(/^setup_/);
        const body = { setupToken: token, email: uniqueEmail('first'), password: PASSWORD };
        const wrong = await fresh.app.inject({
          method: 'POST',
          url: '/v1/auth/setup',
          payload: { ...body, setupToken: 'setup_wrong' },
        });
        expect(wrong.statusCode).toBe(401);
        const created = await fresh.app.inject({ method: 'POST', url: '/v1/auth/setup', payload: body });
        expect(created.statusCode).toBe(201);
        expect(created.json().user.role).toBe('admin');
        const replay = await fresh.app.inject({
          method: 'POST',
          url: '/v1/auth/setup',
          payload: { ...body, email: uniqueEmail('second') },
        });
        expect(replay.statusCode).toBe(401);
        expect(await fresh.services.auth.ensureSetupToken()).toBeUndefined();
      } finally {
        await fresh.close();
      }
    });

    it('self sign-up can be turned off', async () => {
      const closed = await createTestApp(dialect, { config: { allowSignup: false } });
      try {
        const response = await closed.app.inject({
          method: 'POST',
          url: '/v1/auth/register',
          payload: { email: uniqueEmail(), password: PASSWORD },
        });
        expect(response.statusCode).toBe(403);
        expect(codeOf(response)).toBe('signup_disabled');
      } finally {
        await closed.close();
      }
    });

    it('never logs passwords or tokens', async () => {
      const session = await registerUser(t.app);
      await t.app.inject({ url: '/v1/me', headers: bearer(session.accessToken) });
      const text = JSON.stringify(logs);
      // The access line says who asked, by ID, with the request ID and latency.
      const line = logs.findLast((entry) => entry.msg === 'request completed' && entry.url === '/v1/me');
      expect(line).toMatchObject({ principal: session.user.id, status: 200 });
      expect(typeof line?.requestId).toBe('string');
      expect(typeof line?.ms).toBe('number');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(session.accessToken);
      expect(text).not.toContain(session.refreshToken);
    });
  });
}
