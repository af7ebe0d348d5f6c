import type { Readable } from 'node:stream';
import type { Upload } from '@tillpoint/sdk/schemas';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';

const EXTENSIONS: Record<Upload['contentType'], 'csv' | 'jsonl'> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

/** The blob key of an upload; the extension records its format. */
export const uploadKey = (id: string, format: 'csv' | 'jsonl') => `uploads/${id}.${format}`;

/** Files sent for jobs to read (imports). Kept as blobs; the cleanup job removes them after 7 days. */
export function createUploadsService(deps: { blobs: BlobStore; clock: Clock }) {
  return {
    async create(contentType: Upload['contentType'], body: Readable): Promise<Upload> {
      const id = newId('upload');
      const stored = await deps.blobs.put(uploadKey(id, EXTENSIONS[contentType]), body);
      return { id, object: 'upload', contentType, ...stored, createdAt: deps.clock.now().toISOString() };
    },

    /** Where an upload is and in which format; undefined when it does not exist (any more). */
    async locate(id: string): Promise<{ key: string; format: 'csv' | 'jsonl' } | undefined> {
      for (const format of ['csv', 'jsonl'] as const) {
        const blob = await deps.blobs.get(uploadKey(id, format));
        // Only its existence matters here; the job opens it again to read it.
        blob?.stream.destroy();
        if (blob) return { key: uploadKey(id, format), format };
      }
      return undefined;
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;
