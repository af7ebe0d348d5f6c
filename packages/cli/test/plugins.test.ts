import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnv, runTill, TILL_BIN } from './support/run-till.js';

// The terminal cases need a pseudo-terminal, made by util-linux `script`; without it they are skipped (Debian and
// the CI machines have it).
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs `till` on a pseudo-terminal (util-linux `script`): stdin, stdout and stderr are TTYs. */
function onTerminal(args: string[], env: Record<string, string | undefined>) {
  const command = [process.execPath, TILL_BIN, ...args].map((part) => `'${part}'`).join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    env: cleanEnv({ NO_COLOR: '1', TERM: 'dumb', ...env }),
    encoding: 'utf8',
    timeout: 20_000,
  });
}

beforeAll(() => assertBuilt());

describe('the update notice (@oclif/plugin-warn-if-update-available)', () => {
  let cache: string;
  beforeAll(async () => {
    // A fresh version file that says a newer release exists: the plugin warns from it and, as it is
    // fresh, never spawns its registry fetch. Nothing here leaves the machine.
    cache = await mkdtemp(join(tmpdir(), 'till-cache-'));
    await mkdir(join(cache, 'tillpoint'), { recursive: true });
    await writeFile(join(cache, 'tillpoint/version'), JSON.stringify({ latest: '99.0.0', current: '0.1.0' }));
  });
  afterAll(() => rm(cache, { recursive: true, force: true }));

  // Any command but `till --version`, which answers before oclif (and its hooks) load.
  const command = ['profiles', 'list', '--json'];

  it.runIf(hasScript)('shows on a terminal, and never with CI set', () => {
    const shown = onTerminal(command, { XDG_CACHE_HOME: cache, XDG_CONFIG_HOME: cache });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('till 99.0.0 is available');
    const ci = onTerminal(command, { XDG_CACHE_HOME: cache, XDG_CONFIG_HOME: cache, CI: 'true' });
    expect(ci.status).toBe(0);
    expect(ci.stdout).not.toContain('is available');
  });

  it('never shows without a terminal', async () => {
    const result = await runTill(command, { env: { XDG_CACHE_HOME: cache, XDG_CONFIG_HOME: cache } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('did-you-mean (@oclif/plugin-not-found)', () => {
  it.runIf(hasScript)('never prompts on a terminal when CI is set: one line, exit 2', () => {
    const result = onTerminal(['orderz', 'list'], { CI: '1' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('Did you mean `till orders list`?');
    expect(result.stdout).not.toContain('(Y/n)');
  });
});
