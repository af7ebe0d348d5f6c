import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'correct horse battery staple';

let daemon: SpawnedDaemon;
let adminConfig: Awaited<ReturnType<typeof tempConfigDir>>;
let keyConfig: Awaited<ReturnType<typeof tempConfigDir>>;
let loginConfig: Awaited<ReturnType<typeof tempConfigDir>>;

beforeAll(async () => {
  assertBuilt();
  daemon = await spawnDaemon({ env: { TILLPOINT_COOKIE_SECURE: 'false' } });
  adminConfig = await tempConfigDir();
  keyConfig = await tempConfigDir();
  loginConfig = await tempConfigDir();
});

afterAll(async () => {
  await daemon?.stop();
  await adminConfig?.cleanup();
  await keyConfig?.cleanup();
  await loginConfig?.cleanup();
});

/** Runs `till` against the spawned daemon with the given config dir. */
const till = (dir: string, args: string[], input?: string) =>
  runTill(args, { env: { TILLPOINT_CONFIG_DIR: dir, TILLPOINT_URL: daemon.url }, input });

const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

async function profileFile(dir: string): Promise<{ text: string; mode: number }> {
  const path = join(dir, 'config.json');
  return { text: await readFile(path, 'utf8'), mode: (await stat(path)).mode & 0o777 };
}

describe('till identity commands', () => {
  let apiKey: { id: string; secret: string };

  it('setup without flags and without a TTY exits 2 naming the flags', async () => {
    const result = await till(adminConfig.dir, ['setup', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const error = errorOf(result.stderr);
    expect(error.code).toBe('usage_error');
    expect(String(error.message)).toContain('--token');
    expect(String(error.message)).toContain('--password-stdin');
  });

  it('setup redeems the logged setup token and stores the session (0600, no password)', async () => {
    const token = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
    expect(token, 'the daemon logs a setup token on first start').toBeTruthy();
    const result = await till(
      adminConfig.dir,
      ['setup', '--token', token!, '--email', ADMIN_EMAIL, '--name', 'Admin', '--password-stdin', '--json'],
      `${ADMIN_PASSWORD}\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const user = parseSingleJson(result.stdout) as Record<string, unknown>;
    expect(user).toMatchObject({ object: 'user', email: ADMIN_EMAIL, role: 'admin', name: 'Admin' });
    expect(result.stdout).not.toMatch(/accessToken|refreshToken|eyJ/);

    const file = await profileFile(adminConfig.dir);
    expect(file.mode).toBe(0o600);
    expect(file.text).not.toContain(ADMIN_PASSWORD);
    const stored = JSON.parse(file.text).profiles.default;
    expect(stored).toMatchObject({
      baseUrl: daemon.url,
      token: expect.any(String),
      refreshToken: expect.any(String),
    });

    const whoami = await till(adminConfig.dir, ['whoami', '--json']);
    expect(whoami.code).toBe(0);
    expect(parseSingleJson(whoami.stdout)).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });

    // The token is single use.
    const again = await till(
      loginConfig.dir,
      ['setup', '--token', token!, '--email', 'other@example.com', '--password-stdin', '--json'],
      ADMIN_PASSWORD,
    );
    expect(again.code).not.toBe(0);
  });

  it('whoami prints the user for humans', async () => {
    const result = await till(adminConfig.dir, ['whoami']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`as ${ADMIN_EMAIL} (admin)`);
  });

  it('api-keys create prints the secret once: key on stdout, notice on stderr', async () => {
    const human = await till(adminConfig.dir, [
      'api-keys',
      'create',
      '--name',
      'human',
      '--expires-in',
      '30',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toMatch(/^tp_\S+$/);
    expect(human.stderr).toMatch(/won't be shown again/);

    const result = await till(adminConfig.dir, [
      'api-keys',
      'create',
      '--name',
      'ci',
      '--role',
      'user',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const created = parseSingleJson(result.stdout) as {
      id: string;
      secret: string;
      object: string;
      role: string;
    };
    expect(created).toMatchObject({ object: 'api_key', name: 'ci', role: 'user' });
    expect(created.secret).toMatch(/^tp_/);
    apiKey = created;

    const list = await till(adminConfig.dir, ['api-keys', 'list', '--json']);
    expect(list.code).toBe(0);
    const doc = parseSingleJson(list.stdout) as { object: string; data: { id: string }[]; has_more: boolean };
    expect(doc.object).toBe('list');
    expect(doc.data.map((k) => k.id)).toContain(created.id);
    expect(list.stdout).not.toContain(created.secret);
  });

  it('login --with-token stores an API key after checking it; whoami works with it', async () => {
    const login = await till(keyConfig.dir, ['login', '--with-token', '--json'], `${apiKey.secret}\n`);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).not.toContain(apiKey.secret);
    expect(parseSingleJson(login.stdout)).toMatchObject({ email: ADMIN_EMAIL });
    const file = await profileFile(keyConfig.dir);
    expect(file.mode).toBe(0o600);

    const whoami = await till(keyConfig.dir, ['whoami', '--json']);
    expect(whoami.code).toBe(0);
    expect(parseSingleJson(whoami.stdout)).toMatchObject({ email: ADMIN_EMAIL });
  });

  it('login --with-token refuses a bad token without storing it', async () => {
    const result = await till(loginConfig.dir, ['login', '--with-token', '--json'], 'tp_not_a_real_key\n');
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    await expect(stat(join(loginConfig.dir, 'config.json'))).rejects.toThrow();
  });

  it('api-keys revoke needs --yes without a TTY; after revoking, whoami exits 4', async () => {
    const refused = await till(adminConfig.dir, ['api-keys', 'revoke', apiKey.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const revoked = await till(adminConfig.dir, ['api-keys', 'revoke', apiKey.id, '--yes', '--json']);
    expect(revoked.code).toBe(0);
    expect(parseSingleJson(revoked.stdout)).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });

    const whoami = await till(keyConfig.dir, ['whoami', '--json']);
    expect(whoami.code).toBe(4);
    expect(whoami.stdout).toBe('');
    expect(errorOf(whoami.stderr).status).toBe(401);
  });

  it('login with a wrong password exits 4 with invalid_credentials', async () => {
    const result = await till(
      loginConfig.dir,
      ['login', '--email', ADMIN_EMAIL, '--password-stdin', '--json'],
      'not the password\n',
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(errorOf(result.stderr)).toMatchObject({ code: 'invalid_credentials', status: 401 });
  });

  it('login without flags and without a TTY exits 2 naming the flags', async () => {
    const result = await till(loginConfig.dir, ['login']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-stdin');
    expect(result.stderr).toContain('--with-token');
  });

  it('login --email --password-stdin stores the session and never prints tokens', async () => {
    const result = await till(
      loginConfig.dir,
      ['login', '--email', ADMIN_EMAIL, '--password-stdin'],
      `${ADMIN_PASSWORD}\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Logged in as ${ADMIN_EMAIL} (admin)`);
    const file = await profileFile(loginConfig.dir);
    expect(file.mode).toBe(0o600);
    expect(file.text).not.toContain(ADMIN_PASSWORD);
    const stored = JSON.parse(file.text).profiles.default as { token: string; refreshToken: string };
    expect(result.stdout).not.toContain(stored.token);
    expect(result.stdout).not.toContain(stored.refreshToken);
    expect(result.stderr).not.toContain(stored.token);
  });

  it('a rotated session is written back to the profile', async () => {
    // A bogus access token makes the next request fail with 401, which the SDK answers with a refresh.
    const path = join(loginConfig.dir, 'config.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    const before = file.profiles.default.refreshToken as string;
    file.profiles.default.token = 'expired.bogus.token';
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify(file), { mode: 0o600 });

    const whoami = await till(loginConfig.dir, ['whoami', '--json']);
    expect(whoami.stderr).toBe('');
    expect(whoami.code).toBe(0);
    const after = JSON.parse(await readFile(path, 'utf8')).profiles.default;
    expect(after.token).not.toBe('expired.bogus.token');
    expect(after.refreshToken).not.toBe(before);
    // The new tokens keep working in the next invocation.
    expect((await till(loginConfig.dir, ['whoami'])).code).toBe(0);
  });

  it('users list, get and update; delete needs --yes without a TTY', async () => {
    const list = await till(adminConfig.dir, ['users', 'list', '--json']);
    expect(list.code).toBe(0);
    const doc = parseSingleJson(list.stdout) as { object: string; data: { id: string; email: string }[] };
    expect(doc.object).toBe('list');
    const admin = doc.data.find((u) => u.email === ADMIN_EMAIL);
    expect(admin).toBeTruthy();

    const all = await till(adminConfig.dir, ['users', 'list', '--all', '--role', 'admin', '--json']);
    expect(parseSingleJson(all.stdout)).toMatchObject({ object: 'list', has_more: false });

    const human = await till(adminConfig.dir, ['users', 'list']);
    expect(human.stdout).toMatch(/ID\s+EMAIL\s+NAME\s+ROLE\s+DISABLED\s+CREATED/);

    const get = await till(adminConfig.dir, ['users', 'get', admin!.id, '--json']);
    expect(parseSingleJson(get.stdout)).toMatchObject({ id: admin!.id, role: 'admin' });

    const renamed = await till(adminConfig.dir, ['users', 'update', admin!.id, '--name', 'Root', '--json']);
    expect(renamed.code).toBe(0);
    expect(parseSingleJson(renamed.stdout)).toMatchObject({ name: 'Root' });

    const nothing = await till(adminConfig.dir, ['users', 'update', admin!.id]);
    expect(nothing.code).toBe(2);

    const refused = await till(adminConfig.dir, ['users', 'delete', admin!.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const lastAdmin = await till(adminConfig.dir, ['users', 'delete', admin!.id, '--yes', '--json']);
    expect(lastAdmin.code).toBe(1);
    expect(errorOf(lastAdmin.stderr)).toMatchObject({ code: 'last_admin', status: 409 });
  });

  it('logout removes the tokens; whoami then exits 4 with a login hint', async () => {
    const logout = await till(loginConfig.dir, ['logout', '--json']);
    expect(logout.code).toBe(0);
    expect(parseSingleJson(logout.stdout)).toEqual({ loggedOut: true });
    const stored = JSON.parse((await profileFile(loginConfig.dir)).text).profiles.default;
    expect(stored.token).toBeUndefined();
    expect(stored.refreshToken).toBeUndefined();

    const whoami = await till(loginConfig.dir, ['whoami']);
    expect(whoami.code).toBe(4);
    expect(whoami.stderr).toContain('till login');
    const json = await till(loginConfig.dir, ['whoami', '--json']);
    expect(json.code).toBe(4);
    expect(errorOf(json.stderr).code).toBe('unauthenticated');
  });

  it('TILLPOINT_TOKEN overrides the profile and is never persisted', async () => {
    const before = (await profileFile(adminConfig.dir)).text;
    const result = await runTill(['whoami', '--json'], {
      env: { TILLPOINT_CONFIG_DIR: adminConfig.dir, TILLPOINT_URL: daemon.url, TILLPOINT_TOKEN: 'bogus' },
    });
    expect(result.code).toBe(4);
    expect((await profileFile(adminConfig.dir)).text).toBe(before);
  });
});
