// How long `tillpointd serve` takes from spawn until its ready file exists (listening, migrations done).
// Cold: a fresh data dir each time (creates the SQLite file, applies every migration).
// Warm: the same, already migrated data dir. Target: under 1 s.
// Usage: node bench/daemon-startup.mjs [runs=10]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DAEMON_BIN,
  printTable,
  requireBuilt,
  startDaemon,
  summarize,
  writeResult,
} from './bench-support.mjs';

const RUNS = Number(process.argv[2] ?? 10);
const TARGET_MS = 1000;

requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');

const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-startup-'));

// Exits other than 0 after SIGTERM are counted and reported, not fatal: this benchmark measures start-up.
// `killed by SIGTERM` means the signal arrived before the daemon had installed its shutdown handlers.
const unclean = [];

async function once(dataDir) {
  const readyFile = join(scratch, 'ready.json');
  await rm(readyFile, { force: true });
  const daemon = await startDaemon({ dataDir, readyFile });
  const code = await daemon.stop();
  if (code !== 0) unclean.push(code);
  return daemon.readyMs;
}

try {
  const cold = [];
  for (let i = 0; i < RUNS; i++) cold.push(await once(join(scratch, `cold-${i}`)));
  const warmDir = join(scratch, 'warm');
  await once(warmDir); // creates and migrates it; not counted
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push(await once(warmDir));

  const results = { cold: summarize(cold), warm: summarize(warm) };
  const verdict = (s) => (s.p50 < TARGET_MS ? 'met' : 'MISSED');
  printTable(
    `tillpointd start-up, spawn → ready file (ms), ${RUNS} runs each, target p50 < ${TARGET_MS} ms`,
    ['data dir', 'min', 'p50', 'max', 'target'],
    [
      [
        'cold (fresh dir, migrations)',
        results.cold.min,
        results.cold.p50,
        results.cold.max,
        verdict(results.cold),
      ],
      ['warm (existing dir)', results.warm.min, results.warm.p50, results.warm.max, verdict(results.warm)],
    ],
  );
  if (unclean.length > 0) {
    process.stdout.write(
      `\nnote: ${unclean.length} of ${2 * RUNS + 1} stops right after readiness were not clean: ${[...new Set(unclean)].join(', ')}\n`,
    );
  }
  await writeResult('daemon-startup', {
    uncleanStops: unclean,
    targetMs: TARGET_MS,
    ...results,
    samplesMs: { cold: cold.map(Math.round), warm: warm.map(Math.round) },
  });
} finally {
  await rm(scratch, { recursive: true, force: true });
}
