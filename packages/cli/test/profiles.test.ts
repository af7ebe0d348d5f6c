import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, closedPortUrl, parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

let daemon: SpawnedDaemon;
let config: Awaited<ReturnType<typeof tempConfigDir>>;
let closed: string;

beforeAll(async () => {
  assertBuilt();
  daemon = await spawnDaemon();
  closed = await closedPortUrl();
});

beforeEach(async () => {
  await config?.cleanup();
  config = await tempConfigDir();
});

afterAll(async () => {
  await daemon?.stop();
  await config?.cleanup();
});

const till = (args: string[], env: Record<string, string> = {}) =>
  runTill(args, { env: { TILLPOINT_CONFIG_DIR: config.dir, ...env } });

/** The URL `till status` used, read from its JSON output (null when it failed). */
async function statusUrl(args: string[], env: Record<string, string> = {}): Promise<string | null> {
  const result = await till(['status', '--json', ...args], env);
  if (result.code !== 0) return null;
  return (parseSingleJson(result.stdout) as { url: string }).url;
}

describe('till profiles', () => {
  it('set creates config.json with mode 0600 in a 0700 dir', async () => {
    const dir = join(config.dir, 'nested');
    const result = await runTill(['profiles', 'set', 'prod', '--base-url', `${daemon.url}/`, '--json'], {
      env: { TILLPOINT_CONFIG_DIR: dir },
    });
    expect(result.code).toBe(0);
    expect(parseSingleJson(result.stdout)).toMatchObject({
      name: 'prod',
      baseUrl: daemon.url,
      hasToken: false,
    });
    const file = join(dir, 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ profiles: { prod: { baseUrl: daemon.url } } });
  });

  it('list, use and remove manage the profiles', async () => {
    await till(['profiles', 'set', 'a', '--base-url', 'http://a.example:1']);
    await till(['profiles', 'set', 'b', '--base-url', 'http://b.example:2', '--use']);
    let list = await till(['profiles', 'list', '--json']);
    expect(parseSingleJson(list.stdout)).toEqual([
      { name: 'a', current: false, baseUrl: 'http://a.example:1', hasToken: false },
      { name: 'b', current: true, baseUrl: 'http://b.example:2', hasToken: false },
    ]);

    expect((await till(['profiles', 'use', 'a'])).code).toBe(0);
    const human = await till(['profiles', 'list']);
    expect(human.stdout).toMatch(/^\*\s+a\s+http:\/\/a\.example:1/m);

    const missing = await till(['profiles', 'use', 'zzz', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'profile_not_found' } });

    // Not a TTY: deleting needs --yes, and says so.
    const refused = await till(['profiles', 'remove', 'a']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await till(['profiles', 'remove', 'a', '--yes'])).code).toBe(0);
    list = await till(['profiles', 'list', '--json']);
    expect((parseSingleJson(list.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['b']);
  });

  it('never prints stored tokens', async () => {
    const { ProfileStore } = await import('../src/config/profiles.js');
    await new ProfileStore(config.dir).set('default', { token: 'tok_secret_value', baseUrl: daemon.url });
    const result = await till(['profiles', 'list', '--json']);
    expect(result.stdout).not.toContain('tok_secret_value');
    expect(parseSingleJson(result.stdout)).toEqual([
      { name: 'default', current: true, baseUrl: daemon.url, hasToken: true },
    ]);
  });

  it('precedence of the base URL: flag > env > profile', async () => {
    await till(['profiles', 'set', 'default', '--base-url', daemon.url]);
    // Profile only.
    expect(await statusUrl([])).toBe(daemon.url);
    // Env beats the profile: env points at a closed port, so status fails.
    expect(await statusUrl([], { TILLPOINT_URL: closed })).toBeNull();
    // Flag beats env.
    expect(await statusUrl(['--base-url', daemon.url], { TILLPOINT_URL: closed })).toBe(daemon.url);
    // And env alone beats a profile pointing elsewhere.
    await till(['profiles', 'set', 'default', '--base-url', closed]);
    expect(await statusUrl([], { TILLPOINT_URL: daemon.url })).toBe(daemon.url);
  });

  it('precedence of the profile: --profile > TILLPOINT_PROFILE > current', async () => {
    await till(['profiles', 'set', 'good', '--base-url', daemon.url]);
    await till(['profiles', 'set', 'bad', '--base-url', closed, '--use']);
    expect(await statusUrl([])).toBeNull();
    expect(await statusUrl([], { TILLPOINT_PROFILE: 'good' })).toBe(daemon.url);
    expect(await statusUrl(['--profile', 'good'], { TILLPOINT_PROFILE: 'bad' })).toBe(daemon.url);
    expect(await statusUrl(['--profile', 'bad'], { TILLPOINT_PROFILE: 'good' })).toBeNull();
  });

  it('rejects a bad profile name or URL as a usage error', async () => {
    expect((await till(['profiles', 'set', '../evil', '--base-url', daemon.url])).code).toBe(2);
    const badUrl = await till(['profiles', 'set', 'x', '--base-url', 'not a url', '--json']);
    expect(badUrl.code).toBe(2);
    expect(JSON.parse(badUrl.stderr)).toMatchObject({ error: { code: 'usage_error' } });
  });
});
