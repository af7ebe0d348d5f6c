import { z } from 'zod';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import { jobResultKey } from '../../infra/blobs/blob-store.js';
import { defineJobType } from '../../queue/job-types.js';
import type { DataPool } from '../../workers/data-pool.js';
import type { UploadsService } from '../uploads/uploads-service.js';
import { applyProductImport, errorReportCsv } from './products-import.js';
import type { ProductsService } from './products-service.js';

/**
 * `imports.products`: upserts products by SKU from an upload (CSV or JSONL). Parsing and validation run in a worker
 * thread; rows are applied one transaction each. The result counts created/updated/failed rows, and the result
 * file is the per-row error report (CSV: line, sku, error).
 */
export function productsJobTypes(deps: {
  products: ProductsService;
  uploads: UploadsService;
  blobs: BlobStore;
  pool: DataPool;
}) {
  return [
    defineJobType({
      type: 'imports.products',
      queue: 'data-processing',
      params: z.strictObject({ uploadId: z.string().max(64) }),
      // A rerun is safe (upserts), but a file that fails once will fail again: few attempts.
      maxAttempts: 2,
      timeoutMs: 60 * 60_000,
      async handler({ uploadId }, context) {
        const upload = await deps.uploads.locate(uploadId);
        if (!upload) throw new Error(`upload ${uploadId} does not exist (uploads are kept 7 days)`);
        const parsedKey = jobResultKey(context.jobId, 'parsed.jsonl');
        const parsed = await deps.pool.run(
          'products-parse',
          { uploadKey: upload.key, format: upload.format },
          parsedKey,
          ({ message }) => void context.progress(10, message).catch(() => undefined),
          context.signal,
        );
        const lines = Number(parsed.summary.lines ?? 0);
        await context.progress(20, `${lines} lines parsed`);
        const { counts, errors } = await applyProductImport({
          products: deps.products,
          blobs: deps.blobs,
          parsedKey,
          signal: context.signal,
          onProgress: (done) =>
            void context
              .progress(20 + Math.floor((done / Math.max(1, lines)) * 79), `${done}/${lines} rows applied`)
              .catch(() => undefined),
        });
        await deps.blobs.delete(parsedKey);
        await context.saveResultFile(
          { name: 'import-errors.csv', contentType: 'text/csv' },
          await errorReportCsv(errors),
        );
        return { lines, ...counts, errors: errors.slice(0, 20) };
      },
    }),
  ];
}
