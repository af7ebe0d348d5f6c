import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createBlobMeter, toReadable } from './blob-meter.js';
import { abandonedBefore, assertBlobKey, type BlobStore } from './blob-store.js';

/** Multipart part size (5 MiB, S3's minimum); at most two parts are buffered at a time. */
const PART_SIZE = 5 * 1024 * 1024;
/** Keys per DeleteObjects request (S3's maximum). */
const DELETE_BATCH = 1000;

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key, e.g. `tillpoint/` ; empty for the bucket's root. */
  prefix: string;
  /** Unset: the AWS SDK's default (AWS_REGION, the shared config file). */
  region?: string | undefined;
  /** An S3-compatible service's URL (MinIO, Ceph, R2, …); unset for AWS S3. */
  endpoint?: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible services need. */
  forcePathStyle: boolean;
}

/**
 * Blobs as objects in an S3 bucket (AWS S3 or any S3-compatible service). Writes stream through the SDK's
 * multipart `Upload`, which S3 makes visible only once complete; a failed write aborts its multipart upload, so the
 * previous object stays. Credentials come from the AWS SDK's default chain (environment, shared files, instance
 * roles) and never pass through the daemon's config or logs.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    // The SDK's default since 3.729 sends aws-chunked bodies with trailing CRC checksums, which many S3-compatible
    // services reject or store garbled; checksums are sent where S3 requires them, and our own sha256 covers the rest.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;
  const base = options.prefix.replace(/^\/+|\/+$/g, '');
  const objectKey = (key: string) => {
    assertBlobKey(key);
    return base ? `${base}/${key}` : key;
  };

  return {
    async put(key, body) {
      const meter = createBlobMeter();
      const source = toReadable(body);
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: meter.stream },
        partSize: PART_SIZE,
        queueSize: 2,
        leavePartsOnError: false,
      });
      const piping = pipeline(source, meter.stream);
      // Awaited below; a source failing before the upload notices must not count as unhandled meanwhile.
      piping.catch(() => undefined);
      try {
        await upload.done();
      } catch (error) {
        meter.stream.destroy();
        source.destroy();
        await piping.catch(() => undefined);
        // The source's own error says more than the SDK's report of a stream that ended badly.
        throw source.errored ?? error;
      }
      await piping;
      return meter.result();
    },

    async get(key, range) {
      try {
        const output = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: objectKey(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        // `bytes 0-9/1234`: the total is after the slash.
        const size = range ? Number(output.ContentRange?.split('/')[1]) : Number(output.ContentLength ?? 0);
        return { stream: output.Body as Readable, size };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },

    async prune(prefix, before) {
      const Prefix = `${objectKey(prefix)}/`;
      let deleted = 0;
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const output = await client.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        if (output.Errors?.length) {
          throw new Error(`S3 refused to delete ${output.Errors.length} objects: ${output.Errors[0]?.Code}`);
        }
        deleted += batch.length;
        batch = [];
      };
      for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix })) {
        for (const object of page.Contents ?? []) {
          if (object.Key && object.LastModified && object.LastModified < before) batch.push(object.Key);
          if (batch.length === DELETE_BATCH) await flush();
        }
      }
      await flush();
      await abortAbandonedUploads(Prefix, abandonedBefore(before));
      return deleted;
    },

    async close() {
      client.destroy();
    },
  };

  /**
   * Multipart uploads a crashed writer left open cost storage until aborted. Services without the listing (some
   * S3-compatible ones) rely on a bucket lifecycle rule (AbortIncompleteMultipartUpload) instead.
   */
  async function abortAbandonedUploads(Prefix: string, before: Date) {
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const page = await client
        .send(new ListMultipartUploadsCommand({ Bucket, Prefix, KeyMarker, UploadIdMarker }))
        .catch((error: unknown) => {
          // S3's own error code for a service without this listing (s3rver, some S3-compatible stores): nothing to sweep.
          if ((error as { name?: string }).name === 'NotImplemented') return undefined;
          throw error;
        });
      if (!page) return;
      for (const upload of page.Uploads ?? []) {
        if (upload.Initiated && upload.Initiated < before) {
          await client.send(
            new AbortMultipartUploadCommand({ Bucket, Key: upload.Key, UploadId: upload.UploadId }),
          );
        }
      }
      if (!page.IsTruncated) return;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}
