import type { Database } from '../../db/database-types.js';
import type { BlobStore } from '../../infra/blobs/blob-store.js';

/** What a data task gets inside its worker thread. */
export interface TaskContext {
  db: Database;
  blobs: BlobStore;
  /** Where the task's output file goes. */
  outputKey: string;
  progress(percent: number, message?: string): void;
}

/** Rows read per query while streaming a table: bounded memory whatever the table's size. */
export const PAGE_SIZE = 1_000;
