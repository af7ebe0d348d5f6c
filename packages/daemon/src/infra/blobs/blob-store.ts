import type { Readable } from 'node:stream';

/** What was stored: enough to serve it and to check it later. */
export interface StoredBlob {
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/** Bytes to store: a stream, or any async iterable of text (UTF-8) and byte chunks. */
export type BlobBody = Readable | AsyncIterable<string | Uint8Array>;

/** A byte range of a blob, both ends inclusive (as in HTTP `Range: bytes=start-end`). */
export interface BlobRange {
  start: number;
  end: number;
}

/** An open blob. */
export interface BlobRead {
  /** The bytes: the whole blob, or only the range that was asked for. */
  stream: Readable;
  /** The size of the whole blob, whatever the range. */
  size: number;
}

/**
 * Where everything a node writes for a user is kept: uploads, job results (reports, exports, import reports) and
 * product media. Backups of the SQLite file are not blobs: they stay on local disk.
 *
 * Backends (`createBlobStore` in `blob-store-factory.ts` picks one): `fs` (files under the data dir; a single node),
 * `postgres` (chunked rows in the primary database; the cluster default), `s3` (any S3-compatible service).
 * Every backend passes the same contract test (`test/infra/blob-store-contract.test.ts`).
 *
 * Keys are `/`-separated relative paths made by the daemon, never by users (see {@link assertBlobKey}).
 */
export interface BlobStore {
  /**
   * Streams `body` into `key` without holding it in memory. The blob appears only once complete and replaces the
   * previous one at once; if `body` fails, nothing is stored and the previous blob is left as it was.
   */
  put(key: string, body: BlobBody): Promise<StoredBlob>;
  /**
   * Opens a blob for reading; undefined when it does not exist. With `range` (which must start inside the blob;
   * an `end` past it is cut to the last byte) only those bytes are read.
   */
  get(key: string, range?: BlobRange): Promise<BlobRead | undefined>;
  /** Deletes a blob; deleting one that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Deletes the blobs under `prefix` (a key, meaning `prefix/…`) last written before `before`, and writes under it
   * that a crash abandoned half-way: those started before `before`, or more than a day ago (see
   * {@link abandonedBefore}). Returns how many blobs were deleted (abandoned writes were never blobs).
   */
  prune(prefix: string, before: Date): Promise<number>;
  /** Releases what the store opened itself (sockets, connections); the store is not used afterwards. */
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Refuses a key that is not a relative path of plain segments (letters, digits, `.`, `_`, `-`, not starting with a
 * dot): no `..`, no absolute paths, no empty segments. Keys come from the daemon, but on the file system a traversal
 * would be a file-read primitive, so every backend checks.
 * @throws Error naming the key.
 */
export function assertBlobKey(key: string): void {
  if (key.length > 1024 || !key.split('/').every((segment) => SEGMENT.test(segment))) {
    throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  }
}

/** How long a write may take before it counts as abandoned (a day): no upload or report takes that long. */
export const ABANDONED_WRITE_MS = 24 * 3_600_000;

/** The cutoff for abandoned writes in `prune`: the later of `before` and a day ago. */
export function abandonedBefore(before: Date, now: number = Date.now()): Date {
  return new Date(Math.max(before.getTime(), now - ABANDONED_WRITE_MS));
}

/** The blob key of a job's result file. */
export const jobResultKey = (jobId: string, name: string) => `jobs/${jobId}/${name}`;
