import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, type AuthSession, NotFoundError, Tillpoint } from '../src/index.js';
import { type SpawnedDaemon, startDaemon } from './support/daemon.js';
import { createRecordingLogger } from './support/test-server.js';

const PASSWORD = 'correct horse battery';

// The identity routes against the real built daemon. Fails (never skips) when the daemon is not built.
describe('identity against a spawned tillpointd', () => {
  let daemon: SpawnedDaemon;
  const email = `Ada.${randomUUID().slice(0, 8)}@Example.com`;
  // Every response is checked against the SDK's schemas; a mismatch is logged at debug level and fails afterAll.
  const { lines, logger } = createRecordingLogger();
  const clientFor = (options: ConstructorParameters<typeof Tillpoint>[0] = {}) =>
    new Tillpoint({ baseUrl: daemon.url, maxRetries: 0, logLevel: 'debug', logger, ...options });

  beforeAll(async () => {
    daemon = await startDaemon({ TILLPOINT_COOKIE_SECURE: 'false' });
  }, 30_000);
  afterAll(async () => {
    await daemon?.stop();
    expect(lines.filter((line) => line.text.includes('does not match'))).toEqual([]);
  });

  it('register → login → me → API key → revoke', async () => {
    const sessions: AuthSession[] = [];
    const client = clientFor({ onTokens: (session) => sessions.push(session) });
    expect(await client.auth.register({ email, password: PASSWORD, name: 'Ada' })).toEqual({
      status: 'accepted',
    });
    expect(sessions).toHaveLength(0);
    const session = await client.auth.login({ email, password: PASSWORD });
    expect(session.object).toBe('session');
    expect(session.user).toMatchObject({ email: email.toLowerCase(), emailVerifiedAt: null });
    expect(sessions).toHaveLength(1);

    const me = await client.me.get();
    expect(me.id).toBe(session.user.id);
    expect(me.name).toBe('Ada');
    expect((await client.me.update({ name: 'Ada L.' })).name).toBe('Ada L.');

    const created = await client.apiKeys.create({ name: 'ci' });
    expect(created.secret).toMatch(/^tp_/);
    expect(created.revokedAt).toBeNull();
    const keyClient = clientFor({ apiKey: created.secret });
    expect((await keyClient.me.get()).id).toBe(me.id);

    expect((await client.apiKeys.get(created.id)).name).toBe('ci');
    const listed = [];
    for await (const key of client.apiKeys.list()) listed.push(key.id);
    expect(listed).toContain(created.id);
    await expect(client.apiKeys.get(`key_${'0'.repeat(26)}`)).rejects.toBeInstanceOf(NotFoundError);

    const revoked = await client.apiKeys.revoke(created.id);
    expect(revoked.id).toBe(created.id);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    const error = await keyClient.me.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('login with a wrong password fails with invalid_credentials', async () => {
    const error = await clientFor()
      .auth.login({ email, password: 'not the password' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_credentials');
    expect((error as AuthenticationError).requestId).toEqual(expect.any(String));
  });

  it('refresh rotates the refresh token; the old one is refused', async () => {
    const client = clientFor();
    const first = await client.auth.login({ email, password: PASSWORD });
    const second = await client.auth.refresh();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).toEqual(expect.any(String));
    expect((await client.me.get()).email).toBe(email.toLowerCase());
    const reuse = await clientFor()
      .auth.refresh({ refreshToken: first.refreshToken })
      .catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(AuthenticationError);
    expect((reuse as AuthenticationError).code).toBe('refresh_token_reused');
  });

  it('refreshes automatically when the access token is refused', async () => {
    const login = await clientFor().auth.login({ email, password: PASSWORD });
    const adopted: string[] = [];
    const client = clientFor({
      token: 'not-a-valid-access-token',
      refreshToken: login.refreshToken,
      onTokens: (session) => adopted.push(session.refreshToken),
    });
    expect((await client.me.get()).email).toBe(email.toLowerCase());
    expect(adopted).toHaveLength(1);
    expect(adopted[0]).not.toBe(login.refreshToken);
  });

  it('after logout the session can no longer be refreshed or used', async () => {
    const client = clientFor();
    const session = await client.auth.login({ email, password: PASSWORD });
    await client.auth.logout();
    const refresh = await clientFor()
      .auth.refresh({ refreshToken: session.refreshToken })
      .catch((e: unknown) => e);
    expect(refresh).toBeInstanceOf(AuthenticationError);
    const me = await clientFor({ token: session.accessToken })
      .me.get()
      .catch((e: unknown) => e);
    expect(me).toBeInstanceOf(AuthenticationError);
    // The client forgot its tokens: it is anonymous now.
    await expect(client.me.get()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
