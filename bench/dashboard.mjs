// `till dashboard` under tmux against a spawned daemon: start time (spawn until the first full screen) over a few
// runs, then the CPU the dashboard uses while idle (refreshing every 2 s, event stream open) over 10 s.
// Usage: node bench/dashboard.mjs [runs=3] [idleSeconds=10]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLI_BIN,
  cleanEnv,
  DAEMON_BIN,
  printTable,
  requireBuilt,
  round,
  startDaemon,
  summarize,
  writeResult,
} from './bench-support.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const IDLE_SECONDS = Number(process.argv[3] ?? 10);
const PASSWORD = 'bench-password-0123';
requireBuilt(CLI_BIN, 'run `pnpm build` first');
requireBuilt(DAEMON_BIN, 'run `pnpm build` first');

const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-dashboard-'));
const socket = `tillpoint-bench-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const dataDir = join(scratch, 'data');
const configDir = join(scratch, 'config');
const made = spawnSync(
  process.execPath,
  [DAEMON_BIN, 'admin', 'create', '--email', 'bench@example.com', '--password-stdin', '--data-dir', dataDir],
  {
    input: PASSWORD,
    env: cleanEnv(),
    encoding: 'utf8',
  },
);
if (made.status !== 0) throw new Error(made.stderr);
const daemon = await startDaemon({ dataDir, readyFile: join(scratch, 'ready.json') });
try {
  const login = spawnSync(
    process.execPath,
    [CLI_BIN, 'login', '--email', 'bench@example.com', '--password-stdin'],
    {
      input: PASSWORD,
      env: cleanEnv({ TILLPOINT_CONFIG_DIR: configDir, TILLPOINT_URL: daemon.url }),
      encoding: 'utf8',
    },
  );
  if (login.status !== 0) throw new Error(login.stderr);
  const command = `env -u CI TILLPOINT_CONFIG_DIR='${configDir}' TILLPOINT_URL='${daemon.url}' '${process.execPath}' '${CLI_BIN}' dashboard`;
  const starts = [];
  let cpu;
  for (let run = 0; run < RUNS; run++) {
    const began = performance.now();
    tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '50', command);
    while (!tmux('capture-pane', '-p', '-t', 'dash').includes('Live events')) {
      if (performance.now() - began > 20_000) throw new Error('the dashboard did not draw within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    starts.push(performance.now() - began);
    if (run === RUNS - 1) {
      // CPU time of the dashboard process (utime + stime, in clock ticks of 10 ms) across the idle period.
      const pid = tmux('display-message', '-p', '-t', 'dash', '#{pane_pid}').trim();
      const ticks = () => {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return Number(fields[11]) + Number(fields[12]);
      };
      const before = ticks();
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
      cpu = ((ticks() - before) * 10) / (IDLE_SECONDS * 1000);
    }
    tmux('send-keys', '-t', 'dash', 'q');
    // The server exits with its last session: an error here means the dashboard quit.
    const alive = () => spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'dash']).status === 0;
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const s = summarize(starts);
  printTable(
    'till dashboard under tmux (120×50) against a local daemon',
    ['measure', 'value'],
    [
      ['start to first full screen, p50 ms', s.p50],
      ['start to first full screen, max ms', s.max],
      [`CPU while idle over ${IDLE_SECONDS} s (refresh 2 s)`, `${round(cpu * 100, 1)} % of one core`],
    ],
  );
  await writeResult('dashboard', {
    runs: RUNS,
    idleSeconds: IDLE_SECONDS,
    startMs: starts,
    idleCpuShare: cpu,
  });
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  await daemon.stop();
  await rm(scratch, { recursive: true, force: true });
}
