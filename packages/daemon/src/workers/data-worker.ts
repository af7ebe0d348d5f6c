import { threadId } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database-types.js';
import { openDatabase } from '../db/open-database.js';
import type { BlobStore } from '../infra/blobs/blob-store.js';
import { createBlobStore } from '../infra/blobs/blob-store-factory.js';
import type { DataTaskRequest, DataTaskResult } from './data-task.js';
import { runOrdersExport } from './tasks/orders-export-task.js';
import { runProductsParse } from './tasks/products-parse-task.js';
import { runSalesReport } from './tasks/sales-report-task.js';
import type { TaskContext } from './tasks/task-context.js';

/**
 * Entry of the data-processing worker threads (piscina). Each thread opens its own database connection and blob
 * store once and keeps them: reading a million orders here leaves the HTTP event loop alone.
 */
let opened: Promise<{ database: DatabaseHandle; blobs: BlobStore }> | undefined;

/**
 * A thread runs one task at a time: two connections serve its reads and its blob writes. They close after 10 s
 * idle, before piscina ends the thread (30 s idle), so the thread never leaves PostgreSQL with a dropped socket.
 */
const WORKER_POOL = { poolMax: 2, idleTimeoutMs: 10_000 };

async function open(config: Config) {
  const database = await openDatabase(config, WORKER_POOL);
  return { database, blobs: await createBlobStore(config, { db: database.db }) };
}

function run(request: DataTaskRequest, context: TaskContext): Promise<DataTaskResult> {
  switch (request.task) {
    case 'sales-report':
      return runSalesReport(request.input, context);
    case 'orders-export':
      return runOrdersExport(request.input, context);
    case 'products-parse':
      return runProductsParse(request.input, context);
  }
}

export default async function runDataTask(request: DataTaskRequest): Promise<DataTaskResult> {
  opened ??= open(request.config);
  const { database, blobs } = await opened;
  const context = {
    db: database.db,
    blobs,
    outputKey: request.outputKey,
    progress: (percent: number, message?: string) => request.progressPort.postMessage({ percent, message }),
  };
  try {
    const result = await run(request, context);
    // Reported so operators (and tests) can see the work left the main thread.
    return { ...result, summary: { ...result.summary, threadId } };
  } finally {
    request.progressPort.close();
  }
}
