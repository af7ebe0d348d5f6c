import { threadId } from 'node:worker_threads';
import type { DatabaseHandle } from '../db/database-types.js';
import { openDatabase } from '../db/open-database.js';
import { createFsBlobStore } from '../infra/blobs/fs-blob-store.js';
import type { DataTaskRequest, DataTaskResult } from './data-task.js';
import { runOrdersExport } from './tasks/orders-export-task.js';
import { runProductsParse } from './tasks/products-parse-task.js';
import { runSalesReport } from './tasks/sales-report-task.js';
import type { TaskContext } from './tasks/task-context.js';

/**
 * Entry of the data-processing worker threads (piscina). Each thread opens its own database connection once and
 * keeps it: reading a million orders here leaves the HTTP event loop alone.
 */
let database: Promise<DatabaseHandle> | undefined;

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
  database ??= openDatabase(request.config);
  const context = {
    db: (await database).db,
    blobs: createFsBlobStore(`${request.config.dataDir}/blobs`),
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
