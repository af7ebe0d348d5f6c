import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_ROOT, runTill, tempConfigDir } from './support/run-till.js';

beforeAll(() => assertBuilt());

describe('till', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(CLI_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runTill(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`@tillpoint/cli/${version}`);
  });

  it('--help lists the topics and commands', async () => {
    const result = await runTill(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/TOPICS[\s\S]*profiles\s+Manage connection profiles/);
    expect(result.stdout).toMatch(/COMMANDS[\s\S]*api\s/);
    expect(result.stdout).toMatch(/status\s+Show whether the daemon/);
    expect(result.stdout).toMatch(/autocomplete\s/);
  });

  it('every command has help with a description, examples and flag docs', async () => {
    for (const id of [
      'status',
      'api',
      'profiles list',
      'profiles set',
      'profiles use',
      'profiles remove',
      'products create',
      'orders create',
      'payments create',
      'events list',
    ]) {
      const result = await runTill([...id.split(' '), '--help']);
      expect(result.code, id).toBe(0);
      expect(result.stdout, id).toContain('DESCRIPTION');
      expect(result.stdout, id).toContain('EXAMPLES');
      expect(result.stdout, id).toContain('--json');
      expect(result.stdout, id).toContain('--base-url');
    }
  });

  it('an unknown flag is a usage error: exit 2', async () => {
    const result = await runTill(['status', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--bogus');
  });

  it('an unknown flag with --json gives exit 2 and a JSON error on stderr', async () => {
    const result = await runTill(['status', '--bogus', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage_error', requestId: null } });
  });

  it('a missing argument is a usage error: exit 2', async () => {
    const result = await runTill(['api', 'GET']);
    expect(result.code).toBe(2);
  });

  it('autocomplete builds bash and zsh completions that know the commands and flags', async () => {
    const cache = await tempConfigDir();
    try {
      const env = { XDG_CACHE_HOME: cache.dir };
      expect((await runTill(['autocomplete', 'bash'], { env })).code).toBe(0);
      expect((await runTill(['autocomplete', 'zsh'], { env })).code).toBe(0);
      const functions = join(cache.dir, 'tillpoint/autocomplete/functions');
      const bash = await readFile(join(functions, 'bash/till.bash'), 'utf8');
      const zsh = await readFile(join(functions, 'zsh/_till'), 'utf8');
      for (const script of [bash, zsh]) {
        expect(script).toContain('status');
        expect(script).toContain('--base-url');
        expect(script).toContain('--paginate');
      }
      expect(bash).toContain('profiles:list');
      const setup = await runTill(['autocomplete', 'script', 'bash'], { env });
      expect(setup.stdout).toContain('bash_setup');
    } finally {
      await cache.cleanup();
    }
  });
});
