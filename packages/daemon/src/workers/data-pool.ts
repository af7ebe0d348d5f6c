import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import type { Config } from '../config.js';
import type { DataTaskName, DataTaskProgress, DataTaskResult } from './data-task.js';

/**
 * The worker file: next to this module in the build (`dist/data-worker.js`). Tests run the sources, which a
 * worker thread cannot load, so they use the built file; `pnpm test` builds first.
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.ts')
    ? resolve(dirname(here), '../../dist/data-worker.js')
    : resolve(dirname(here), 'data-worker.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the daemon (pnpm build) first`);
  return file;
}

/**
 * Worker threads (piscina) for CPU-heavy jobs: reports, exports, import parsing. Started on first use, so a daemon
 * that never runs them pays nothing. Each task may post progress.
 */
export function createDataPool(config: Config, options: { threads: number }) {
  // piscina itself is imported on first use too: about 10 MB that a daemon running no report, export or import
  // never pays.
  let pool: Promise<Piscina> | undefined;

  return {
    async run(
      task: DataTaskName,
      input: unknown,
      outputKey: string,
      onProgress: (progress: DataTaskProgress) => void,
      signal?: AbortSignal,
    ): Promise<DataTaskResult> {
      pool ??= import('piscina').then(
        ({ Piscina }) =>
          new Piscina({
            filename: workerFile(),
            minThreads: 0,
            maxThreads: options.threads,
            idleTimeout: 30_000,
          }),
      );
      // A failed start (no built worker file) is not remembered: the next run tries again.
      pool.catch(() => {
        pool = undefined;
      });
      const threads = await pool;
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (message: DataTaskProgress) => onProgress(message));
      try {
        return (await threads.run(
          { task, input, config, outputKey, progressPort: port2 },
          { transferList: [port2], ...(signal ? { signal } : {}) },
        )) as DataTaskResult;
      } finally {
        port1.close();
      }
    },
    async close() {
      const closing = pool;
      pool = undefined;
      await (await closing)?.destroy();
    },
  };
}

export type DataPool = ReturnType<typeof createDataPool>;
