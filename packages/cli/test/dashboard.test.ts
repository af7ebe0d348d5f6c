import { execFileSync, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { TILL_BIN } from './support/run-till.js';

let session: Awaited<ReturnType<typeof startAdminDaemon>>;

beforeAll(async () => {
  session = await startAdminDaemon();
});
afterAll(async () => {
  await session?.stop();
});

describe('till dashboard', () => {
  it('refuses without a terminal and points to the scriptable commands', async () => {
    const result = await session.till(['dashboard']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs an interactive terminal');
    expect(result.stderr).toContain('till events tail --json');
  });

  it('runs for real in tmux: draws every section, and quits on q with exit 0', async () => {
    ensureTmux();
    const tmux = (...args: string[]) =>
      execFileSync('tmux', ['-L', `tillpoint-test-${process.pid}`, ...args], { encoding: 'utf8' });
    const exitFile = join(session.configDir, 'dashboard-exit');
    const command = `env -u CI TILLPOINT_CONFIG_DIR='${session.configDir}' TILLPOINT_URL='${session.daemon.url}' '${process.execPath}' '${TILL_BIN}' dashboard --refresh 1; echo "exit=$?" > '${exitFile}'`;
    tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '50', command);
    try {
      let screen = '';
      for (let i = 0; i < 100 && !screen.includes('Live events'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        screen = tmux('capture-pane', '-p', '-t', 'dash');
      }
      for (const section of [
        'tillpoint',
        'ready',
        'Queues',
        'email',
        'Running and failed jobs',
        'Orders in the last hour',
        'Webhook endpoints',
        'Live events',
        'q quit',
      ]) {
        expect(screen, screen).toContain(section);
      }
      // A narrower window: lines are cut to the new width instead of wrapping.
      tmux('resize-window', '-t', 'dash', '-x', '60');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const narrow = tmux('capture-pane', '-p', '-t', 'dash');
      expect(narrow.split('\n').every((line) => line.trimEnd().length <= 60)).toBe(true);
      tmux('send-keys', '-t', 'dash', 'q');
      // The shell around the dashboard writes its exit code once it has quit.
      let exit = '';
      for (let i = 0; i < 60 && !exit; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        exit = await readFile(exitFile, 'utf8').catch(() => '');
      }
      expect(exit.trim()).toBe('exit=0');
    } finally {
      spawnSync('tmux', ['-L', `tillpoint-test-${process.pid}`, 'kill-server']);
    }
  }, 30_000);
});

/** tmux from Debian's packages, installed when missing and we run as root (as the CI machine does). */
function ensureTmux() {
  if (spawnSync('tmux', ['-V']).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'tmux'], { env, stdio: 'inherit' })
      .status !== 0
  ) {
    spawnSync('apt-get', ['update'], { env, stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'tmux'], { env, stdio: 'inherit' });
  }
  if (spawnSync('tmux', ['-V']).status !== 0)
    throw new Error('tmux is missing and could not be installed (apt-get install tmux)');
}
