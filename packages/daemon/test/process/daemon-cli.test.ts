import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Plugin } from '@oclif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, flagNameOf } from '../../src/config.js';
import { DAEMON_BIN, spawnDaemon } from '../support/spawn-daemon.js';

const DAEMON_ROOT = resolve(import.meta.dirname, '../..');
const LOADED_PACKAGES_PROBE = resolve(import.meta.dirname, '../support/loaded-packages.cjs');
const INTL_PROBE = resolve(import.meta.dirname, '../support/intl-probe.cjs');
const COMMANDS = ['admin:create', 'config', 'export', 'import', 'migrate', 'restore', 'serve'];

/** Runs the built bin without TILLPOINT_*, CI or a TTY. */
function tillpointd(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [DAEMON_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** The packages a `tillpointd` run had loaded, from the stderr of the `loaded-packages.cjs` probe. */
function loadedPackagesOf(output: string): string[] {
  const line = /^loaded-packages: (.*)$/m.exec(output)?.[1];
  if (line === undefined) throw new Error(`the probe printed nothing:\n${output}`);
  return JSON.parse(line) as string[];
}

interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  examples?: unknown[];
  enableJsonFlag?: boolean;
  args: Record<string, { name: string; required?: boolean }>;
  flags: Record<string, { name: string; type: string; allowNo?: boolean; description?: string }>;
}

function shape(commands: ManifestCommand[]) {
  return Object.fromEntries(
    [...commands]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((command) => [
        command.id,
        {
          summary: command.summary,
          description: command.description,
          examples: command.examples,
          enableJsonFlag: command.enableJsonFlag,
          args: Object.values(command.args ?? {}).map((arg) => [arg.name, Boolean(arg.required)]),
          flags: Object.fromEntries(
            Object.values(command.flags ?? {})
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((flag) => [
                flag.name,
                { type: flag.type, allowNo: flag.allowNo, description: flag.description },
              ]),
          ),
        },
      ]),
  );
}

beforeAll(() => {
  for (const file of [DAEMON_BIN, join(DAEMON_ROOT, 'oclif.manifest.json')])
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`pnpm --filter @tillpoint/daemon build\` first.`);
});

describe('tillpointd on oclif', () => {
  it('oclif.manifest.json matches the built commands (rebuild when this fails)', async () => {
    const manifest = JSON.parse(await readFile(join(DAEMON_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      version: string;
      commands: Record<string, ManifestCommand>;
    };
    const pjson = JSON.parse(await readFile(join(DAEMON_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(manifest.version).toBe(pjson.version);
    // Load dist/commands directly, ignoring the manifest, as oclif does when there is none.
    const plugin = new Plugin({ root: DAEMON_ROOT, ignoreManifest: true, isRoot: true, type: 'core' });
    await plugin.load();
    const live = plugin.commands as unknown as ManifestCommand[];
    expect(live.map((command) => command.id).sort()).toEqual(COMMANDS);
    expect(shape(Object.values(manifest.commands))).toEqual(shape(live));
  });

  it('every command documents itself and takes every setting of the config schema as a flag', async () => {
    const manifest = JSON.parse(await readFile(join(DAEMON_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, ManifestCommand>;
    };
    const booleans = ConfigSchema.parse({}) as Record<string, unknown>;
    for (const command of Object.values(manifest.commands)) {
      expect(command.summary, command.id).toBeTruthy();
      expect(command.description, command.id).toBeTruthy();
      expect(command.examples?.length, command.id).toBeGreaterThan(0);
      // Everything but serve prints a result, so everything but serve has --json.
      expect(command.enableJsonFlag, command.id).toBe(command.id !== 'serve');
      for (const key of Object.keys(ConfigSchema.shape)) {
        const flag = command.flags[flagNameOf(key).slice(2)];
        expect(flag?.description, `${command.id} ${flagNameOf(key)}`).toContain('(env: TILLPOINT_');
        if (typeof booleans[key] === 'boolean') expect(flag?.allowNo, `${command.id} ${key}`).toBe(true);
      }
    }
  });

  it('help lists the commands, and each command has a description, examples and its flags', () => {
    const root = tillpointd(['--help']);
    expect(root.status).toBe(0);
    for (const id of COMMANDS) expect(root.stdout).toContain(id.split(':')[0]);
    const serve = tillpointd(['serve', '--help']);
    expect(serve.status).toBe(0);
    for (const part of ['DESCRIPTION', 'EXAMPLES', '--data-dir', '--[no-]migrate', 'TILLPOINT_DATA_DIR'])
      expect(serve.stdout).toContain(part);
    const admin = tillpointd(['admin', 'create', '--help']);
    expect(admin.stdout).toContain('--password-stdin');
    expect(admin.stdout).toContain('--json');
  });

  it('--version prints the bare version without loading a command', () => {
    const result = tillpointd(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(tillpointd(['-v']).stdout).toBe(result.stdout);
  });

  it('a plain `serve` runs without oclif (ADR-066); help, a bad flag or another command go through it', async () => {
    const probe = { NODE_OPTIONS: `--require ${LOADED_PACKAGES_PROBE}` };
    const daemon = await spawnDaemon({
      env: { NODE_OPTIONS: `--require ${LOADED_PACKAGES_PROBE} --require ${INTL_PROBE}` },
      args: ['--no-webhook-allow-private-targets', '--log-level=warn'],
    });
    expect(await daemon.stop()).toBe(0);
    const served = loadedPackagesOf(daemon.output());
    expect(served).toContain('better-sqlite3');
    expect(served).not.toContain('@oclif/core');
    // Nor does it touch ICU's data, built-in schedules included (luxon's locale, Bree's and later's time zones).
    const intl = /^intl-calls: (.*)$/m.exec(daemon.output())?.[1];
    expect(JSON.parse(intl ?? '{}')).toEqual({ count: 0, first: '' });

    const help = tillpointd(['serve', '--help'], probe);
    expect(help.stdout).toContain('--data-dir');
    expect(loadedPackagesOf(help.stderr)).toContain('@oclif/core');
    const bogus = tillpointd(['serve', '--bogus'], probe);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain('Nonexistent flag: --bogus');
    expect(loadedPackagesOf(bogus.stderr)).toContain('@oclif/core');
  });

  it('with only flags it runs serve: a bad setting stops it like `serve` (exit 78)', () => {
    const result = tillpointd(['--port', 'eighty']);
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/^tillpointd: invalid setting --port \/ TILLPOINT_PORT = "eighty"/);
  });

  it('an unknown flag is a usage error (exit 2), a JSON error under --json', () => {
    const human = tillpointd(['config', '--bogus']);
    expect(human.status).toBe(2);
    expect(human.stderr).toContain('--bogus');
    const json = tillpointd(['config', '--bogus', '--json']);
    expect(json.status).toBe(2);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'usage_error', message: 'Nonexistent flag: --bogus' },
    });
  });

  it('a bad setting under --json is a JSON error with exit 78', () => {
    const result = tillpointd(['config', '--json'], { TILLPOINT_PORT: 'eighty' });
    expect(result.status).toBe(78);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'invalid_config', message: expect.stringContaining('--port / TILLPOINT_PORT') },
    });
  });

  it('a refused restore under --json is a JSON error with exit 1', () => {
    const result = tillpointd(['restore', '/nonexistent/backup.db', '--json', '--data-dir', tmpdir()]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'restore_refused', message: 'restore refused: /nonexistent/backup.db does not exist' },
    });
  });

  it('a mistyped command names the closest one without prompting: exit 2, one line, or JSON', () => {
    const result = tillpointd(['srve', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'tillpointd: `tillpointd srve` is not a tillpointd command. Did you mean `tillpointd serve`?\n',
    );
    expect(tillpointd(['admin', 'crate']).stderr).toContain('Did you mean `tillpointd admin create`?');
    expect(tillpointd(['xyzzy']).stderr).toContain('Run `tillpointd --help`');
    const json = tillpointd(['migrat', '--json']);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'command_not_found',
        message: '`tillpointd migrat` is not a tillpointd command. Did you mean `tillpointd migrate`?',
      },
    });
  });
});

/** Runs the bin on a pseudo-terminal (util-linux `script`), so stdin, stdout and stderr are TTYs. */
function onTerminal(args: string[], env: Record<string, string>) {
  const command = [process.execPath, DAEMON_BIN, ...args].map((part) => `'${part}'`).join(' ');
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'dumb', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('the update notice (@oclif/plugin-warn-if-update-available)', () => {
  let cache: string;
  beforeAll(async () => {
    // A fresh version file that says a newer release exists: the plugin warns from it and, as it is
    // fresh, never spawns its registry fetch. Nothing here leaves the machine.
    cache = await mkdtemp(join(tmpdir(), 'tillpointd-cache-'));
    await mkdir(join(cache, 'tillpointd'), { recursive: true });
    await writeFile(
      join(cache, 'tillpointd/version'),
      JSON.stringify({ latest: '99.0.0', current: '0.1.0' }),
    );
  });
  afterAll(() => rm(cache, { recursive: true, force: true }));

  // A pseudo-terminal needs util-linux `script`; without it this case is skipped (Debian and the CI machines have it).
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.runIf(hasScript)('shows on a terminal, and never with CI set', () => {
    const shown = onTerminal(['config', '--json'], { XDG_CACHE_HOME: cache });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('tillpointd 99.0.0 is available');
    const ci = onTerminal(['config', '--json'], { XDG_CACHE_HOME: cache, CI: 'true' });
    expect(ci.status).toBe(0);
    expect(ci.stdout).not.toContain('is available');
  });

  it('never shows without a terminal', () => {
    const result = tillpointd(['config', '--json'], { XDG_CACHE_HOME: cache });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    JSON.parse(result.stdout);
  });
});
