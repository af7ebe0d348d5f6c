// `pnpm bench`: runs every benchmark in turn, each in its own process, and says which failed.
// Benchmarks print tables and write bench/results/<name>.json; they assert nothing and are not tests.
// Build first: `pnpm build`. `orders.mjs` and `mixed.mjs` also use PostgreSQL when they can create a throwaway
// database.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './bench-support.mjs';

const BENCHMARKS = [
  'daemon-startup.mjs',
  'cli-startup.mjs',
  'http-meta.mjs',
  'http-cpu.mjs',
  'auth.mjs',
  'orders.mjs',
  'orders-floor.mjs',
  'mixed.mjs',
  'catalog.mjs',
  'jobs.mjs',
  'cluster.mjs',
  'event-stream.mjs',
  'dashboard.mjs',
  'sdk-size.mjs',
];

const failed = [];
for (const file of BENCHMARKS) {
  process.stdout.write(`\n=== bench/${file}\n`);
  const run = spawnSync(process.execPath, [join(ROOT, 'bench', file)], {
    stdio: 'inherit',
    timeout: 5 * 60_000,
  });
  if (run.status !== 0) failed.push(`${file} (exit ${run.status ?? run.signal})`);
}

process.stdout.write(
  failed.length === 0
    ? `\nbench: ${BENCHMARKS.length} benchmarks ran\n`
    : `\nbench: failed: ${failed.join(', ')}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
