import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { BlobBody, StoredBlob } from './blob-store.js';

/** A blob body as a byte stream (text chunks become UTF-8). */
export function toReadable(body: BlobBody): Readable {
  return body instanceof Readable ? body : Readable.from(body, { objectMode: false });
}

/**
 * A pass-through stream that counts and hashes what flows through it, so every backend reports the same
 * `{ size, sha256 }` for the same bytes.
 */
export function createBlobMeter(): { stream: Transform; result(): StoredBlob } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      size += bytes.length;
      callback(null, bytes);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}
