import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, cleanEnv } from './support/run-till.js';

/**
 * The three packages installed the way users install them: packed with `pnpm pack` (workspace
 * versions rewritten), then `npm install -g --prefix <tmp>` of the tarballs with plain npm, outside the
 * workspace. Slow (npm fetches every dependency and builds better-sqlite3), so it runs once per suite.
 */
const run = promisify(execFile);
const PACKAGES = ['sdk', 'cli', 'daemon'] as const;
const WORKSPACE = resolve(import.meta.dirname, '../../..');

/** npm and pnpm both read `npm_config_*`: the pnpm that runs this suite must not steer the user's npm. */
function npmEnv(extra: Record<string, string> = {}) {
  const env = cleanEnv(extra);
  for (const key of Object.keys(env)) if (/^(npm|pnpm)_/i.test(key)) delete env[key];
  return env;
}

let scratch: string;
let prefix: string;
const tarballs: Record<string, string> = {};
let daemon: SpawnedDaemon | undefined;

beforeAll(async () => {
  assertBuilt();
  scratch = await mkdtemp(join(tmpdir(), 'tillpoint-install-'));
  prefix = join(scratch, 'prefix');
  for (const name of PACKAGES) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', scratch, '--json'], {
      cwd: join(WORKSPACE, 'packages', name),
      env: cleanEnv(),
    });
    tarballs[name] = (JSON.parse(stdout) as { filename: string }).filename;
  }
  // cwd outside the workspace, so npm sees no workspace root and no pnpm lockfile.
  await run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-fund',
      '--no-audit',
      ...PACKAGES.map((p) => tarballs[p] as string),
    ],
    { cwd: scratch, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 },
  );
}, 600_000);

afterAll(async () => {
  await daemon?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function packedManifest(name: string): Promise<Record<string, Record<string, string>>> {
  const { stdout } = await run('tar', ['-xzOf', tarballs[name] as string, 'package/package.json']);
  return JSON.parse(stdout);
}

describe('packages installed from their tarballs with npm', () => {
  it('pack rewrites workspace versions: no tarball depends on workspace:*', async () => {
    for (const name of PACKAGES) {
      const manifest = await packedManifest(name);
      expect(JSON.stringify(manifest), name).not.toContain('workspace:');
      expect(manifest.private, name).toBeUndefined();
    }
    const sdkVersion = (await packedManifest('sdk')).version as unknown as string;
    expect((await packedManifest('cli')).dependencies?.['@tillpoint/sdk']).toBe(sdkVersion);
  });

  it('till --version and tillpointd --version run from the installed bins', async () => {
    const version = JSON.parse(await readFile(join(WORKSPACE, 'packages/cli/package.json'), 'utf8')).version;
    const till = await run(join(prefix, 'bin/till'), ['--version'], { env: cleanEnv({ CI: 'true' }) });
    expect(till.stdout).toContain(`@tillpoint/cli/${version}`);
    const daemonVersion = await run(join(prefix, 'bin/tillpointd'), ['--version'], { env: cleanEnv() });
    expect(daemonVersion.stdout.trim()).toContain(version);
  });

  it('the installed tillpointd serves a fresh data dir and the installed till reads its status', async () => {
    daemon = await spawnDaemon({ bin: join(prefix, 'bin/tillpointd'), timeoutMs: 60_000 });
    const { stdout } = await run(join(prefix, 'bin/till'), ['status', '--json', '--base-url', daemon.url], {
      env: cleanEnv({ CI: 'true', TILLPOINT_CONFIG_DIR: join(scratch, 'till-config') }),
    });
    const status = JSON.parse(stdout) as { ready: boolean; database: string; name: string };
    expect(status).toMatchObject({ ready: true, database: 'sqlite', name: 'tillpointd' });
  });

  it('a project installs @tillpoint/sdk from its tarball and imports it both ways', async () => {
    const app = join(scratch, 'app');
    await run('npm', ['install', '--prefix', app, '--no-fund', '--no-audit', tarballs.sdk as string], {
      cwd: scratch,
      env: npmEnv(),
    });
    const probe =
      "const esm = await import('@tillpoint/sdk'); const cjs = (await import('node:module')).createRequire(import.meta.url)('@tillpoint/sdk');" +
      "const money = await import('@tillpoint/sdk/money');" +
      'console.log(JSON.stringify([typeof esm.Tillpoint, typeof cjs.Tillpoint, typeof money.formatMoney]))';
    await writeFile(join(app, 'probe.mjs'), probe);
    const { stdout } = await run(process.execPath, ['probe.mjs'], { cwd: app, env: npmEnv() });
    expect(JSON.parse(stdout)).toEqual(['function', 'function', 'function']);
  });
});
