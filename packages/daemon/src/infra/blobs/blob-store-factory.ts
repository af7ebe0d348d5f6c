import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database-types.js';
import type { BlobStore } from './blob-store.js';
import { createFsBlobStore } from './fs-blob-store.js';

/** The settings a blob store is built from. */
export type BlobStoreConfig = Pick<
  Config,
  'blobStore' | 'dataDir' | 's3Bucket' | 's3Prefix' | 's3Region' | 's3Endpoint' | 's3ForcePathStyle'
>;

/**
 * The blob store `config.blobStore` names: `fs` (files under `<dataDir>/blobs`), `postgres` (in `db`, the primary
 * database) or `s3`. The only place that knows the backends; the main thread (`services.ts`) and each data worker
 * thread (`workers/data-worker.ts`, with its own connection) call it. The S3 SDK is loaded only when chosen.
 */
export async function createBlobStore(
  config: BlobStoreConfig,
  deps: {
    /** The primary database; the `postgres` store keeps blobs in it. */
    db?: Database | undefined;
  },
): Promise<BlobStore> {
  switch (config.blobStore) {
    case 'fs':
      return createFsBlobStore(join(config.dataDir, 'blobs'));
    case 'postgres': {
      if (!deps.db) throw new Error('the postgres blob store needs the database');
      const { createPostgresBlobStore } = await import('./postgres-blob-store.js');
      return createPostgresBlobStore(deps.db);
    }
    case 's3': {
      const { createS3BlobStore } = await import('./s3-blob-store.js');
      return createS3BlobStore({
        bucket: config.s3Bucket!,
        prefix: config.s3Prefix ?? '',
        region: config.s3Region,
        endpoint: config.s3Endpoint,
        forcePathStyle: config.s3ForcePathStyle,
      });
    }
  }
}
