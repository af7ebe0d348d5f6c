import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plugin } from '@oclif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  CLI_ROOT,
  cleanEnv,
  closedPortUrl,
  parseSingleJson,
  TILL_BIN,
  type TillResult,
  tempConfigDir,
} from './support/run-till.js';

/**
 * Every command of the built manifest, given bad input, fails cleanly: a usage error (exit 2, as
 * docs/cli.md promises for usage errors), no JavaScript stack trace, and with `--json` one JSON error
 * document on stderr and nothing on stdout (the contract cli.test.ts pins for `status`).
 *
 * The command list is read from oclif.manifest.json when this file runs, so a new command is covered
 * without touching this file. Every command runs against a closed port on 127.0.0.1 with a fresh config
 * dir: the bad input must be rejected before any request, and the user's real config is never read.
 */

// Collection needs the manifest, so check the build before reading it.
assertBuilt();

interface ManifestFlag {
  name: string;
  type: 'boolean' | 'option';
}
interface ManifestCommand {
  id: string;
  flags: Record<string, ManifestFlag>;
}

const manifest = JSON.parse(readFileSync(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, ManifestCommand>;
};
const commands = Object.values(manifest.commands).sort((a, b) => a.id.localeCompare(b.id));

/** What a user types: `till products variants list`. */
const words = (id: string) => id.split(':');
const label = (id: string) => `till ${words(id).join(' ')}`;

/** A flag no command defines. */
const UNKNOWN_FLAG = '--definitely-not-a-flag';
/** A value no integer parser accepts. */
const NOT_A_NUMBER = 'not-a-number';
/** How many `till` processes run at once: enough for 2 cores, not so many that they starve each other. */
const CONCURRENCY = 4;
/** A process still running after this is killed and reported as hanging, not left behind. */
const RUN_TIMEOUT_MS = 15_000;

/**
 * Integer flags. The manifest cannot tell them apart: oclif writes `Flags.integer` (and any other
 * parser) as `type: 'option'` with no trace of its parser or of `min`/`max`, exactly like a string flag.
 * So they are found by behaviour instead: the command classes are loaded from dist/commands (as
 * manifest.test.ts does) and an option flag whose parser turns a decimal string into a JS number is an
 * integer flag. Parsers are probed with a few small integers because of `min`/`max` bounds.
 */
async function findIntegerFlags(): Promise<{ id: string; flag: string }[]> {
  type ProbedFlag = {
    type: string;
    parse?: (input: string, ctx: unknown, opts: unknown) => Promise<unknown>;
  };
  const plugin = new Plugin({ root: CLI_ROOT, ignoreManifest: true, isRoot: true, type: 'core' });
  await plugin.load();
  const found: { id: string; flag: string }[] = [];
  for (const { id } of commands) {
    const command = await plugin.findCommand(id, { must: true });
    const flags = Object.entries({ ...command.baseFlags, ...command.flags }) as [string, ProbedFlag][];
    for (const [name, flag] of flags) {
      if (flag.type !== 'option' || !flag.parse) continue;
      for (const probe of ['1', '0', '10', '100', '-1']) {
        const parsed = await flag.parse(probe, {}, flag).catch(() => undefined);
        if (typeof parsed === 'number') {
          found.push({ id, flag: name });
          break;
        }
      }
    }
  }
  return found;
}

const integerFlags = await findIntegerFlags();

/** A stack frame as V8 prints it: `    at fn (file:1:2)`, `    at file:///x.js:1:2`, `    at async …`. */
const STACK_FRAMES = [/^\s+at .+\(.+:\d+:\d+\)$/m, /^\s+at (?:async )?\S+:\d+:\d+$/m, /^ {4}at \S/m];
const hasStackTrace = (text: string) => STACK_FRAMES.some((frame) => frame.test(text));

interface Run extends TillResult {
  /** Killed after RUN_TIMEOUT_MS. */
  timedOut: boolean;
}

/**
 * Runs the built bin as runTill does (same bin, same cleanEnv, stdin closed), but keeps the child so a
 * command that hangs instead of failing is killed and reported. Never rejects: a spawn error is a result.
 */
function runWithTimeout(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [TILL_BIN, ...args], {
      env: cleanEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: null, stdout, stderr: `${stderr}spawn failed: ${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
    child.stdin.end('');
  });
}

/** A limiter: at most `concurrency` tasks run at once, the rest wait in order. */
function createPool(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active++;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, or give it back.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** Every invocation, keyed by its argv; all start in beforeAll, each test awaits its own. */
const cases = new Map<string, string[]>();
const unknownFlagArgs = (id: string) => [...words(id), '--json', UNKNOWN_FLAG];
const integerArgs = (id: string, flag: string) => [...words(id), '--json', `--${flag}`, NOT_A_NUMBER];
// In the order the tests await them, so each test waits only for its own run.
for (const { id } of commands) cases.set(unknownFlagArgs(id).join(' '), unknownFlagArgs(id));
for (const { id, flag } of integerFlags) cases.set(integerArgs(id, flag).join(' '), integerArgs(id, flag));

const runs = new Map<string, Promise<Run>>();
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const temp = await tempConfigDir();
  cleanup = temp.cleanup;
  const env = {
    // Nothing listens here: a request, if one were made, fails at once and stays on 127.0.0.1.
    TILLPOINT_URL: await closedPortUrl(),
    TILLPOINT_CONFIG_DIR: join(temp.dir, 'tillpoint'),
    XDG_CONFIG_HOME: join(temp.dir, 'xdg-config'),
    XDG_CACHE_HOME: join(temp.dir, 'xdg-cache'),
    XDG_DATA_HOME: join(temp.dir, 'xdg-data'),
    TILL_SKIP_NEW_VERSION_CHECK: 'true',
  };
  const pool = createPool(CONCURRENCY);
  for (const [key, args] of cases)
    runs.set(
      key,
      pool(() => runWithTimeout(args, env)),
    );
});

afterAll(async () => {
  await Promise.all(runs.values());
  await cleanup?.();
});

async function resultOf(args: string[]): Promise<Run> {
  const run = runs.get(args.join(' '));
  if (!run) throw new Error(`no run scheduled for till ${args.join(' ')}`);
  return run;
}

/** What was printed, for failure messages. */
const printed = (run: Run) =>
  `exit ${run.code}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}--- end ---`;

/** No hang and no stack trace on either stream. */
function expectNoCrash(what: string, run: Run): void {
  expect(run.timedOut, `${what}: still running after ${RUN_TIMEOUT_MS} ms, killed\n${printed(run)}`).toBe(
    false,
  );
  expect.soft(hasStackTrace(run.stdout), `${what}: stack trace on stdout\n${printed(run)}`).toBe(false);
  expect.soft(hasStackTrace(run.stderr), `${what}: stack trace on stderr\n${printed(run)}`).toBe(false);
}

interface JsonError {
  code: string;
  message: string;
  requestId: null;
  status: null;
}

/**
 * With `--json` a failure prints nothing on stdout (so no caller mistakes it for a result) and one JSON
 * document `{ error: { code, message, requestId, status } }` on stderr. Returns that error; fails the test
 * when stderr is anything else.
 */
function expectJsonError(what: string, run: Run): JsonError {
  expect.soft(run.stdout, `${what}: --json prints nothing on stdout when it fails\n${printed(run)}`).toBe('');
  let parsed: unknown;
  try {
    parsed = parseSingleJson(run.stderr);
  } catch {
    expect.fail(`${what}: stderr is not exactly one JSON document\n${printed(run)}`);
  }
  expect(parsed, `${what}: the JSON error shape\n${printed(run)}`).toEqual({
    error: { code: expect.any(String), message: expect.any(String), requestId: null, status: null },
  });
  const error = (parsed as { error: JsonError }).error;
  expect
    .soft(hasStackTrace(error.message), `${what}: stack trace inside the JSON message\n${printed(run)}`)
    .toBe(false);
  return error;
}

/**
 * A parser error: no crash, exit 2 (docs/cli.md: "2 usage"), a JSON `usage_error`, and a message naming each of
 * `named` (the flag, the value) so the user knows what to fix.
 */
function expectUsageError(what: string, run: Run, named: Record<string, string>): void {
  expectNoCrash(what, run);
  expect.soft(run.code, `${what}: exit code (2 = usage error)\n${printed(run)}`).toBe(2);
  const error = expectJsonError(what, run);
  expect.soft(error.code, `${what}: error code\n${printed(run)}`).toBe('usage_error');
  for (const [part, text] of Object.entries(named))
    expect.soft(error.message, `${what}: the message names the ${part}\n${printed(run)}`).toContain(text);
}

describe('the manifest', () => {
  it('has commands, and the integer flags found by probing are option flags it lists', () => {
    expect(commands.length).toBeGreaterThan(0);
    // Anchors the probe: were it to find nothing, the integer tests below would silently vanish.
    expect(integerFlags, 'orders list --limit is an integer flag').toContainEqual({
      id: 'orders:list',
      flag: 'limit',
    });
    for (const { id, flag } of integerFlags)
      expect(manifest.commands[id]?.flags[flag]?.type, `${label(id)} --${flag} in the manifest`).toBe(
        'option',
      );
  });
});

describe('every command rejects an unknown flag: exit 2, a JSON usage error, no stack trace', () => {
  for (const { id } of commands) {
    const args = unknownFlagArgs(id);
    it(`till ${args.join(' ')}`, async () => {
      expectUsageError(`till ${args.join(' ')}`, await resultOf(args), { flag: UNKNOWN_FLAG });
    });
  }
});

/*
 * A value the flag's parser rejects is a usage error like an unknown flag: exit 2 (docs/cli.md: "2 usage";
 * oclif's own CLIError exit for it is 2 as well) and the `usage_error` code. Run with --json only: one run
 * checks the exit code, the stack trace and a message naming the flag and the value; a second, human-mode
 * run per flag would double this part's time for the same parser.
 */
describe('every integer flag rejects a non-numeric value: exit 2, a clear message, no stack trace', () => {
  for (const { id, flag } of integerFlags) {
    const args = integerArgs(id, flag);
    it(`till ${args.join(' ')}`, async () => {
      expectUsageError(`till ${args.join(' ')}`, await resultOf(args), {
        flag: `--${flag}`,
        value: NOT_A_NUMBER,
      });
    });
  }
});
