import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built daemon bin the SDK's end-to-end tests spawn. */
export const DAEMON_BIN = resolve(import.meta.dirname, '../../../daemon/dist/main.js');
// Loaded by a computed specifier so that this package's typecheck does not pull in the daemon's sources.
const SPAWN_DAEMON_MODULE = resolve(import.meta.dirname, '../../../daemon/test/support/spawn-daemon.ts');

export interface SpawnedDaemon {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Spawns the real built `tillpointd` on a free port with a fresh data dir. Fails, never skips, when the daemon is
 * not built: a silently skipped end-to-end suite tests nothing.
 */
export async function startDaemon(env: Record<string, string> = {}): Promise<SpawnedDaemon> {
  if (!existsSync(DAEMON_BIN)) {
    throw new Error(
      `The daemon is not built (${DAEMON_BIN} is missing). Run \`pnpm --filter @tillpoint/daemon build\` ` +
        '(or `pnpm build`) before the SDK tests.',
    );
  }
  const { spawnDaemon } = (await import(/* @vite-ignore */ SPAWN_DAEMON_MODULE)) as {
    spawnDaemon(options?: { env?: Record<string, string> }): Promise<SpawnedDaemon>;
  };
  return spawnDaemon({ env });
}
