import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials; it checks request signatures against them. */
const ACCESS_KEY = 'S3RVER';

export interface LocalS3 {
  /** Settings for the daemon's `s3` blob store, pointing at this server. */
  config: {
    blobStore: 's3';
    s3Bucket: string;
    s3Endpoint: string;
    s3Region: string;
    s3ForcePathStyle: boolean;
    s3Prefix: string;
  };
  stop(): Promise<void>;
}

/**
 * A local server speaking the S3 protocol (s3rver) on 127.0.0.1, keeping its objects in a temporary directory, with
 * one empty bucket. The AWS SDK finds its credentials in this process's environment, as it would find real ones in
 * production (the default chain; instance metadata is turned off so nothing leaves loopback).
 */
export async function startLocalS3(bucket = 'tillpoint-test'): Promise<LocalS3> {
  process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = ACCESS_KEY;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const directory = await mkdtemp(join(tmpdir(), 'tillpoint-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    config: {
      blobStore: 's3',
      s3Bucket: bucket,
      s3Endpoint: `http://127.0.0.1:${port}`,
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
      s3Prefix: 'tillpoint/',
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
