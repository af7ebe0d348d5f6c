import { expect } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, parseSingleJson, runTill, tempConfigDir } from './run-till.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/**
 * A spawned daemon whose first admin was created with `till setup`, and a `till` bound to it
 * through a temporary config dir. Call `stop()` in `afterAll`.
 */
export async function startAdminDaemon(env: Record<string, string> = {}) {
  assertBuilt();
  const daemon: SpawnedDaemon = await spawnDaemon({ env: { TILLPOINT_COOKIE_SECURE: 'false', ...env } });
  const config = await tempConfigDir();

  /** Runs `till` as the admin against the spawned daemon. */
  const till = (args: string[], input?: string) =>
    runTill(args, { env: { TILLPOINT_CONFIG_DIR: config.dir, TILLPOINT_URL: daemon.url }, input });

  /** Runs `till … --json`, expects exit 0, an empty stderr and exactly one JSON document on stdout. */
  async function tillJson<T = Record<string, unknown>>(args: string[], input?: string): Promise<T> {
    const result = await till([...args, '--json'], input);
    expect(result.stderr, args.join(' ')).toBe('');
    expect(result.code, args.join(' ')).toBe(0);
    return parseSingleJson(result.stdout) as T;
  }

  const token = /setup_[A-Za-z0-9_-]+/.exec(daemon.output())?.[0];
  if (!token) throw new Error(`The daemon logged no setup token:\n${daemon.output()}`);
  const setup = await till(
    ['setup', '--token', token, '--email', 'admin@example.com', '--password-stdin', '--json'],
    `${ADMIN_PASSWORD}\n`,
  );
  if (setup.code !== 0) throw new Error(`till setup failed: ${setup.stderr}`);

  return {
    daemon,
    configDir: config.dir,
    till,
    tillJson,
    async stop() {
      await daemon.stop();
      await config.cleanup();
    },
  };
}
