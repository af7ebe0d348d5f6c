// Wall time of `till` invocations, spawn to exit: `till --version` (no network; target 300 ms) and
// `till status --json` against a spawned daemon on 127.0.0.1 (three HTTP calls).
// Usage: node bench/cli-startup.mjs [runs=10]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLI_BIN,
  cleanEnv,
  DAEMON_BIN,
  printTable,
  requireBuilt,
  startDaemon,
  summarize,
  writeResult,
} from './bench-support.mjs';

const RUNS = Number(process.argv[2] ?? 10);
const VERSION_TARGET_MS = 300;

requireBuilt(CLI_BIN, 'the CLI package has no bin yet');
requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-cli-'));

/** Runs the CLI once and returns its wall time in ms; fails on a non-zero exit. */
function timeTill(args, env) {
  return new Promise((resolveRun, reject) => {
    const began = performance.now();
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - began;
      if (code === 0) resolveRun(ms);
      else reject(new Error(`till ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

async function repeat(args, env) {
  await timeTill(args, env); // warm the file-system cache; not counted
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await timeTill(args, env));
  return samples;
}

const daemon = await startDaemon({ dataDir: join(scratch, 'data'), readyFile: join(scratch, 'ready.json') });
try {
  // Own config dir, so the operator's profiles are neither read nor written.
  const env = cleanEnv({ TILLPOINT_CONFIG_DIR: join(scratch, 'config'), TILLPOINT_URL: daemon.url });
  const version = await repeat(['--version'], env);
  const status = await repeat(['status', '--json'], env);
  const results = { version: summarize(version), status: summarize(status) };
  printTable(
    `till wall time, spawn → exit (ms), ${RUNS} runs each`,
    ['command', 'min', 'p50', 'max', 'target'],
    [
      [
        'till --version',
        results.version.min,
        results.version.p50,
        results.version.max,
        `p50 < ${VERSION_TARGET_MS}: ${results.version.p50 < VERSION_TARGET_MS ? 'met' : 'MISSED'}`,
      ],
      ['till status --json', results.status.min, results.status.p50, results.status.max, '(none)'],
    ],
  );
  await writeResult('cli-startup', {
    versionTargetMs: VERSION_TARGET_MS,
    ...results,
    samplesMs: { version: version.map(Math.round), status: status.map(Math.round) },
  });
} finally {
  await daemon.stop();
  await rm(scratch, { recursive: true, force: true });
}
