import type { MessagePort } from 'node:worker_threads';
import type { Config } from '../config.js';

/** The data-processing work that runs in worker threads, by name. */
export type DataTaskName = 'sales-report' | 'orders-export' | 'products-parse';

/** What the main thread sends a worker: the task, its input, the config to open the database with, a progress port. */
export interface DataTaskRequest {
  task: DataTaskName;
  input: unknown;
  config: Config;
  /** The blob key the task writes its file to. */
  outputKey: string;
  progressPort: MessagePort;
}

/** Progress messages a worker posts while it runs. */
export interface DataTaskProgress {
  percent: number;
  message?: string;
}

/** A file a task wrote, plus the summary that becomes the job's result. */
export interface DataTaskResult {
  summary: Record<string, unknown>;
  file?: { size: number; sha256: string };
}
