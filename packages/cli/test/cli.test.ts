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
    // oclif's format (its user agent), though the bin answers it before oclif loads.
    expect(result.stdout).toBe(
      `@tillpoint/cli/${version} ${process.platform}-${process.arch} node-${process.version}\n`,
    );
    expect(result.stderr).toBe('');
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

  it('a mistyped command names the closest one on one stderr line: exit 2', async () => {
    const result = await runTill(['orderz', 'list'], { env: { CI: '1' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Did you mean `till orders list`?');

    const subcommand = await runTill(['orders', 'lisst']);
    expect(subcommand.code).toBe(2);
    expect(subcommand.stderr).toContain('Did you mean `till orders list`?');

    const topic = await runTill(['ordrs']);
    expect(topic.code).toBe(2);
    expect(topic.stderr).toContain('Did you mean `till orders`?');

    const far = await runTill(['xyzzy']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('Run `till --help`');
  });

  it('a mistyped command with --json gives exit 2, one JSON error on stderr and nothing on stdout', async () => {
    const result = await runTill(['orderz', 'list', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: 'command_not_found',
        message: expect.stringContaining('Did you mean `till orders list`?'),
        requestId: null,
        status: null,
      },
    });
  });

  it('a malformed ID argument is a usage error that says what an ID looks like: exit 2, no request', async () => {
    // Nothing listens on this URL: the ID is rejected before any request is made.
    const env = { TILLPOINT_URL: 'http://127.0.0.1:9', TILLPOINT_TOKEN: 'tp_test' };
    const expected =
      'ord_nonexistent is not an order ID: IDs look like ord_01JABCDEFGHJKMNPQRSTVWXYZ0 (ord_ and 26 letters and digits)';
    const result = await runTill(['orders', 'get', 'ord_nonexistent'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(expected);
    expect(result.stderr).not.toContain('must start with');

    const json = await runTill(['orders', 'get', 'ord_nonexistent', '--json'], { env });
    expect(json.code).toBe(2);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'invalid_id',
        message: expect.stringContaining(expected),
        requestId: null,
        status: null,
      },
    });

    // The same shared check guards other commands' ID arguments.
    const product = await runTill(['products', 'variants', 'list', 'ord_01JABCDEFGHJKMNPQRSTVWXYZ0'], {
      env,
    });
    expect(product.code).toBe(2);
    expect(product.stderr).toContain('is not a product ID: IDs look like prd_01JABCDEFGHJKMNPQRSTVWXYZ0');
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
