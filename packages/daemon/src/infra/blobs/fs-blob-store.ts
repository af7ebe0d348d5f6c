import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore, StoredBlob } from './blob-store.js';

/** Blobs as files under `root` (the data dir's `blobs/` on a single node), readable only by the daemon's user. */
export function createFsBlobStore(root: string): BlobStore {
  const base = resolve(root);

  function pathOf(key: string): string {
    const path = resolve(base, key);
    // Keys come from the daemon, but a traversal here would be a file-read primitive: refuse it outright.
    if (!path.startsWith(base + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }

  return {
    pathOf,

    async put(key, body): Promise<StoredBlob> {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${process.pid}.partial`;
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      const source = body instanceof Readable ? body : Readable.from(body);
      try {
        await pipeline(source, measure, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { size, sha256: hash.digest('hex') };
    },

    async get(key) {
      const path = pathOf(key);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return { stream: createReadStream(path), size: info.size };
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async prune(prefix, before) {
      const dir = pathOf(prefix);
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      let deleted = 0;
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        if ((await stat(path)).mtime < before) {
          await rm(path, { force: true });
          deleted++;
        }
      }
      return deleted;
    },
  };
}

/** The blob key of a job's result file. */
export const jobResultKey = (jobId: string, name: string) => join('jobs', jobId, name);
