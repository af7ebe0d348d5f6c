import type { Readable } from 'node:stream';

/** What was stored: enough to serve it and to check it later. */
export interface StoredBlob {
  size: number;
  sha256: string;
}

/**
 * Where job results (reports, exports, import reports, backups) are kept. A single node uses the data dir
 * (`fs-blob-store.ts`); the interface leaves room for object storage in a cluster.
 * Keys are `/`-separated relative paths made by the daemon, never by users.
 */
export interface BlobStore {
  /** Streams `body` into `key`; the blob appears only once complete (written to a temp name, then renamed). */
  put(key: string, body: Readable | AsyncIterable<string | Buffer>): Promise<StoredBlob>;
  /** Opens a blob for reading; undefined when it does not exist. */
  get(key: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** The local path of a blob, for tools that need a file (SQLite backups). */
  pathOf(key: string): string;
  delete(key: string): Promise<void>;
  /** Deletes the blobs under `prefix` last written before `before`; returns how many. */
  prune(prefix: string, before: Date): Promise<number>;
}
