import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, type AuthSession, Page, Tillpoint, type User } from '../src/index.js';
import { sendJson, sendProblem, startServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  server = await startServer((req, res, _index, body) => handler(req, res, body));
  return server;
}

const userId = (n: number) => `usr_${String(n).padStart(26, '0')}`;
function user(n = 1): User {
  return {
    id: userId(n),
    object: 'user',
    email: `user${n}@example.com`,
    name: null,
    role: 'user',
    disabled: false,
    emailVerifiedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}
function session(accessToken: string, refreshToken: string): AuthSession {
  return {
    object: 'session',
    user: user(),
    tokenType: 'Bearer',
    accessToken,
    accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
    refreshToken,
    refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  };
}

/** A daemon whose only valid access token is `valid`; `/v1/auth/refresh` swaps `rt_old` for `valid`/`rt_new`. */
function refreshingDaemon(
  options: { refresh?: 'ok' | 'fail'; refreshDelayMs?: number; valid?: string } = {},
) {
  const valid = options.valid ?? 'at_new';
  return serve((req, res, body) => {
    if (req.url === '/v1/auth/refresh') {
      const ok = options.refresh !== 'fail' && JSON.parse(body).refreshToken === 'rt_old';
      setTimeout(() => {
        if (ok) sendJson(res, 200, session('at_new', 'rt_new'));
        else sendProblem(res, 401, 'refresh_token_reused');
      }, options.refreshDelayMs ?? 0);
      return;
    }
    if (req.headers.authorization !== `Bearer ${valid}`) return sendProblem(res, 401, 'invalid_token');
    if (req.method === 'POST') return sendJson(res, 201, { ok: true });
    sendJson(res, 200, user());
  });
}

describe('token adoption', () => {
  it('adopts the tokens login returns, calls onTokens, and authenticates the next calls', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/v1/auth/login') return sendJson(res, 200, session('at_1', 'rt_1'));
      sendJson(res, 200, user());
    });
    const onTokens = vi.fn();
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_stale', onTokens });
    const result = await client.auth.login({ email: 'a@example.com', password: 'correct horse' });
    expect(result.accessToken).toBe('at_1');
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(onTokens).toHaveBeenCalledWith(
      expect.objectContaining({ accessToken: 'at_1', refreshToken: 'rt_1' }),
    );
    await client.me.get();
    const [login, me] = srv.requests;
    expect(login?.method).toBe('POST');
    expect(JSON.parse(login?.body ?? '')).toEqual({ email: 'a@example.com', password: 'correct horse' });
    // A stale token must not spoil a login: credentials are in the body.
    expect(login?.headers.authorization).toBeUndefined();
    expect(me?.headers.authorization).toBe('Bearer at_1');
  });

  it('adopts after setup and refresh too, sending the held refresh token by default; register adopts nothing', async () => {
    let n = 0;
    const srv = await serve((req, res) => {
      if (req.url === '/v1/auth/register') return sendJson(res, 202, { status: 'accepted' });
      if (req.url === '/v1/auth/verify-email') return sendJson(res, 200, user());
      n++;
      sendJson(res, 201, session(`at_${n}`, `rt_${n}`));
    });
    const seen: string[] = [];
    const client = new Tillpoint({ baseUrl: srv.url, onTokens: (s) => seen.push(s.refreshToken) });
    expect(await client.auth.register({ email: 'a@example.com', password: 'correct horse' })).toEqual({
      status: 'accepted',
    });
    expect((await client.auth.verifyEmail({ token: 'emt_x' })).object).toBe('user');
    await client.auth.setup({ setupToken: 'st', email: 'a@example.com', password: 'correct horse' });
    await client.auth.refresh();
    expect(seen).toEqual(['rt_1', 'rt_2']);
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/auth/register',
      '/v1/auth/verify-email',
      '/v1/auth/setup',
      '/v1/auth/refresh',
    ]);
    expect(JSON.parse(srv.requests[1]?.body ?? '')).toEqual({ token: 'emt_x' });
    expect(JSON.parse(srv.requests[3]?.body ?? '')).toEqual({ refreshToken: 'rt_1' });
  });

  it('logout sends the refresh token, clears the tokens; setTokens sets them', async () => {
    const srv = await serve((req, res) => {
      if (req.url?.startsWith('/v1/auth/logout')) {
        res.writeHead(204);
        return res.end();
      }
      sendJson(res, 200, user());
    });
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_1', refreshToken: 'rt_1' });
    await expect(client.auth.logout()).resolves.toBeUndefined();
    await client.me.get().catch(() => undefined);
    client.setTokens({ accessToken: 'at_2', refreshToken: 'rt_2' });
    await client.auth.logoutAll();
    await client.me.get();
    const [logout, meAfter, logoutAll, meLast] = srv.requests;
    expect(JSON.parse(logout?.body ?? '')).toEqual({ refreshToken: 'rt_1' });
    expect(logout?.headers.authorization).toBeUndefined();
    expect(meAfter?.headers.authorization).toBeUndefined();
    expect(logoutAll?.url).toBe('/v1/auth/logout-all');
    expect(logoutAll?.headers.authorization).toBe('Bearer at_2');
    expect(meLast?.headers.authorization).toBeUndefined();
  });

  it('copies made by withOptions share the session', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/v1/auth/login') return sendJson(res, 200, session('at_1', 'rt_1'));
      sendJson(res, 200, user());
    });
    const client = new Tillpoint({ baseUrl: srv.url });
    const copy = client.withOptions({ timeout: 5_000 });
    await client.auth.login({ email: 'a@example.com', password: 'x' });
    await copy.me.get();
    expect(srv.requests[1]?.headers.authorization).toBe('Bearer at_1');
    await client.withOptions({ token: 'at_other' }).me.get();
    expect(srv.requests[2]?.headers.authorization).toBe('Bearer at_other');
    // The same shopper's guest tokens too: a guest cart stays reachable through a copy with other options.
    client.guestTokens.rememberCartToken('cart_1', 'tpc_1');
    await copy.carts.get('cart_1').catch(() => undefined);
    expect(srv.requests[3]?.headers['x-cart-token']).toBe('tpc_1');
    expect(client.withOptions({ token: 'at_other' }).guestTokens.cartToken('cart_1')).toBeUndefined();
  });
});

describe('automatic refresh', () => {
  it('refreshes once for 3 concurrent 401s and retries each with the new token', async () => {
    const srv = await refreshingDaemon({ refreshDelayMs: 50 });
    const onTokens = vi.fn();
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_old', refreshToken: 'rt_old', onTokens });
    const users = await Promise.all([client.me.get(), client.me.get(), client.me.get()]);
    expect(users.map((u) => u.id)).toEqual([userId(1), userId(1), userId(1)]);
    const refreshes = srv.requests.filter((r) => r.url === '/v1/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(JSON.parse(refreshes[0]?.body ?? '')).toEqual({ refreshToken: 'rt_old' });
    const me = srv.requests.filter((r) => r.url === '/v1/me').map((r) => r.headers.authorization);
    expect(me).toEqual([
      'Bearer at_old',
      'Bearer at_old',
      'Bearer at_old',
      'Bearer at_new',
      'Bearer at_new',
      'Bearer at_new',
    ]);
    expect(onTokens).toHaveBeenCalledTimes(1);
    // Adopted for later calls too.
    await client.me.get();
    expect(srv.requests.at(-1)?.headers.authorization).toBe('Bearer at_new');
    expect(srv.requests.filter((r) => r.url === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh again for a 401 that arrives after another request refreshed', async () => {
    const srv = await refreshingDaemon();
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_old', refreshToken: 'rt_old' });
    await client.me.get();
    await client.me.get();
    expect(srv.requests.filter((r) => r.url === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('retries a POST once with the same Idempotency-Key and body', async () => {
    const srv = await refreshingDaemon();
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_old', refreshToken: 'rt_old' });
    await client.apiKeys.create({ name: 'ci' });
    const posts = srv.requests.filter((r) => r.url === '/v1/api-keys');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers['idempotency-key']).toEqual(expect.any(String));
    expect(posts[1]?.headers['idempotency-key']).toBe(posts[0]?.headers['idempotency-key']);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    expect(posts[1]?.headers.authorization).toBe('Bearer at_new');
  });

  it('rethrows the original 401 when the refresh fails', async () => {
    const srv = await refreshingDaemon({ refresh: 'fail' });
    const onTokens = vi.fn();
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_old', refreshToken: 'rt_old', onTokens });
    const error = await client.me.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_token');
    expect(srv.requests.map((r) => r.url)).toEqual(['/v1/me', '/v1/auth/refresh']);
    expect(onTokens).not.toHaveBeenCalled();
  });

  it('retries only once: a second 401 is thrown', async () => {
    const srv = await refreshingDaemon({ valid: 'never' });
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at_old', refreshToken: 'rt_old' });
    const error = await client.me.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(srv.requests.map((r) => r.url)).toEqual(['/v1/me', '/v1/auth/refresh', '/v1/me']);
  });

  it('never refreshes with an API key, without a refresh token, or for the auth endpoints', async () => {
    const srv = await refreshingDaemon();
    const withKey = new Tillpoint({ baseUrl: srv.url, apiKey: 'tp_key', refreshToken: 'rt_old' });
    await expect(withKey.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    const noRefresh = new Tillpoint({ baseUrl: srv.url, token: 'at_old' });
    await expect(noRefresh.me.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect(srv.requests.map((r) => r.url)).toEqual(['/v1/me', '/v1/me']);
    expect(srv.requests[0]?.headers.authorization).toBe('Bearer tp_key');

    await server?.close();
    const login = await serve((_req, res) => sendProblem(res, 401, 'invalid_credentials'));
    const client = new Tillpoint({ baseUrl: login.url, token: 'at_old', refreshToken: 'rt_old' });
    const error = await client.auth
      .login({ email: 'a@example.com', password: 'wrong' })
      .catch((e: unknown) => e);
    expect((error as AuthenticationError).code).toBe('invalid_credentials');
    expect(login.requests.map((r) => r.url)).toEqual(['/v1/auth/login']);
  });
});

describe('identity resources', () => {
  it('URL-encodes path parameters', async () => {
    const srv = await serve((req, res) => {
      if (req.method === 'DELETE' && req.url?.startsWith('/v1/users/')) {
        res.writeHead(204);
        return res.end();
      }
      sendJson(res, 200, {});
    });
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at' });
    await client.users.get('usr/../x y?z#w');
    await client.users.update('a/b', { name: 'N' });
    await client.users.delete('a%b');
    await client.apiKeys.get('../../v1/users');
    await client.apiKeys.revoke('k&k');
    expect(srv.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/users/usr%2F..%2Fx%20y%3Fz%23w',
      'PATCH /v1/users/a%2Fb',
      'DELETE /v1/users/a%25b',
      'GET /v1/api-keys/..%2F..%2Fv1%2Fusers',
      'DELETE /v1/api-keys/k%26k',
    ]);
    expect(JSON.parse(srv.requests[1]?.body ?? '')).toEqual({ name: 'N' });
  });

  it('users.list pages with starting_after and keeps the filters', async () => {
    const all = Array.from({ length: 5 }, (_, i) => user(i + 1));
    const srv = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const limit = Number(url.searchParams.get('limit'));
      const after = url.searchParams.get('starting_after');
      const start = after ? all.findIndex((u) => u.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      sendJson(res, 200, { object: 'list', data, has_more: start + limit < all.length });
    });
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at' });
    const first = await client.users.list({ limit: 2, role: 'user', disabled: false });
    expect(first).toBeInstanceOf(Page);
    expect(first.data.map((u) => u.id)).toEqual([userId(1), userId(2)]);
    const ids: string[] = [];
    for await (const u of client.users.list({ limit: 2, disabled: false })) ids.push(u.id);
    expect(ids).toEqual(all.map((u) => u.id));
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/users?limit=2&role=user&disabled=false',
      '/v1/users?limit=2&disabled=false',
      `/v1/users?limit=2&disabled=false&starting_after=${userId(2)}`,
      `/v1/users?limit=2&disabled=false&starting_after=${userId(4)}`,
    ]);
  });

  it('maps 204 to undefined and 202 to the accepted body', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/v1/auth/password-reset') return sendJson(res, 202, { status: 'accepted' });
      res.writeHead(204);
      res.end();
    });
    const client = new Tillpoint({ baseUrl: srv.url, token: 'at' });
    await expect(client.auth.requestPasswordReset({ email: 'a@example.com' })).resolves.toEqual({
      status: 'accepted',
    });
    await expect(
      client.auth.confirmPasswordReset({ token: 't', password: 'correct horse' }),
    ).resolves.toBeUndefined();
    await expect(
      client.me.changePassword({ currentPassword: 'a', newPassword: 'correct horse' }),
    ).resolves.toBeUndefined();
    expect(srv.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/auth/password-reset', undefined],
      ['/v1/auth/password-reset/confirm', undefined],
      ['/v1/me/password', 'Bearer at'],
    ]);
  });
});
