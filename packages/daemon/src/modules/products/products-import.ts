import { createInterface } from 'node:readline';
import { AppError } from '../../core/app-error.js';
import type { BlobStore } from '../../infra/blobs/blob-store.js';
import type { ParsedProductLine } from '../../workers/tasks/products-parse-task.js';
import type { ProductsService } from './products-service.js';

/** One refused line of an import, as the error report lists it. */
export interface ImportError {
  line: number;
  sku: string | null;
  error: string;
}

/**
 * Applies parsed import lines (see `products-parse-task.ts`) through the products service: one transaction per row,
 * so a bad row never aborts the good ones and no row is half-applied. Existing SKUs are updated, new ones created.
 * Yields to the event loop between rows, so the API stays responsive during a large import.
 */
export async function applyProductImport(deps: {
  products: ProductsService;
  blobs: BlobStore;
  parsedKey: string;
  signal: AbortSignal;
  onProgress: (done: number) => void;
}) {
  const parsed = await deps.blobs.get(deps.parsedKey);
  if (!parsed) throw new Error('the parsed import is missing');
  const counts = { created: 0, updated: 0, failed: 0 };
  const errors: ImportError[] = [];
  let done = 0;
  for await (const text of createInterface({ input: parsed.stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (deps.signal.aborted) throw deps.signal.reason;
    const line = JSON.parse(text) as ParsedProductLine;
    done++;
    if (!line.ok) {
      counts.failed++;
      errors.push({ line: line.line, sku: line.sku, error: line.error });
      continue;
    }
    try {
      const outcome = await deps.products.importRow(line.row);
      counts[outcome]++;
    } catch (error) {
      counts.failed++;
      const message =
        error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
      errors.push({ line: line.line, sku: line.row.sku, error: message });
    }
    if (done % 200 === 0) {
      deps.onProgress(done);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { counts, errors };
}

/** The per-row error report: CSV with line, sku and error; a header only when every row went in. */
export async function errorReportCsv(errors: ImportError[]) {
  // Imported here: the CSV writer is not needed before the first import finishes.
  const { stringify } = await import('csv-stringify');
  return stringify(errors, { header: true, columns: ['line', 'sku', 'error'] });
}
