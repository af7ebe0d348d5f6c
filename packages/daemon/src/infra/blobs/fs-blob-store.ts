import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBlobMeter, toReadable } from './blob-meter.js';
import { abandonedBefore, assertBlobKey, type BlobStore } from './blob-store.js';

const PARTIAL_SUFFIX = '.partial';

/**
 * Blobs as files under `root` (the data dir's `blobs/` on a single node), readable only by the daemon's user.
 * A blob is written to a temporary name next to its final one, then renamed over it: readers see the old file or
 * the new one, never half of either. A reader keeps the file it opened even if it is replaced meanwhile.
 */
export function createFsBlobStore(root: string): BlobStore {
  const base = resolve(root);

  function pathOf(key: string): string {
    assertBlobKey(key);
    const path = resolve(base, key);
    // Belt and braces: the key check already refuses anything that could leave the store.
    if (!path.startsWith(base + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }

  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Unique per write: worker threads share the process ID, and two writers of one key must not share a file.
      const temp = `${path}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`;
      const meter = createBlobMeter();
      try {
        await pipeline(toReadable(body), meter.stream, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return meter.result();
    },

    async get(key, range) {
      const file = await open(pathOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'EISDIR') return undefined;
        throw error;
      });
      if (!file) return undefined;
      const info = await file.stat();
      if (!info.isFile()) {
        await file.close();
        return undefined;
      }
      const stream = file.createReadStream(range ? { start: range.start, end: range.end } : {});
      return { stream, size: info.size };
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async prune(prefix, before) {
      const dir = pathOf(prefix);
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      const abandoned = abandonedBefore(before);
      let deleted = 0;
      const parents = new Set<string>();
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const partial = entry.name.endsWith(PARTIAL_SUFFIX);
        const info = await stat(path).catch(() => undefined);
        if (!info || info.mtime >= (partial ? abandoned : before)) continue;
        await rm(path, { force: true });
        // Temporary files of writes that never finished go too, but they were never blobs.
        if (!partial) deleted++;
        parents.add(entry.parentPath);
      }
      // Job results live in a folder per job: drop the folders that are now empty.
      for (const parent of [...parents].sort().reverse()) {
        if (parent !== dir) await rmdir(parent).catch(() => undefined);
      }
      return deleted;
    },

    async close() {},
  };
}
