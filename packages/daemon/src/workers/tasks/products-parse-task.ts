import { createInterface } from 'node:readline';
import { ProductImportRowSchema } from '@tillpoint/sdk/schemas';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { TaskContext } from './task-context.js';

export const ProductsParseInputSchema = z.object({
  uploadKey: z.string(),
  format: z.enum(['csv', 'jsonl']),
});

/** One line of the parse output: a valid row to apply, or why the line was refused. */
export type ParsedProductLine =
  | { line: number; ok: true; row: z.output<typeof ProductImportRowSchema> }
  | { line: number; ok: false; sku: string | null; error: string };

/**
 * Parses and validates an upload (CSV with a header row, or JSONL) line by line into JSONL of
 * {@link ParsedProductLine}. The CPU-heavy half of an import; applying the rows happens on the main thread,
 * through the products service, one transaction per row.
 */
export async function runProductsParse(input: unknown, context: TaskContext) {
  const { uploadKey, format } = ProductsParseInputSchema.parse(input);
  const upload = await context.blobs.get(uploadKey);
  if (!upload) throw new Error('the upload is gone (uploads are kept 7 days); upload the file again');
  const counts = { lines: 0, valid: 0, invalid: 0 };

  async function* records(): AsyncGenerator<{ line: number; value: unknown }> {
    if (format === 'csv') {
      const parser = upload!.stream.pipe(
        parse({
          columns: true,
          bom: true,
          skip_empty_lines: true,
          trim: true,
          relax_column_count: true,
          info: true,
        }),
      );
      for await (const record of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
        yield { line: record.info.lines, value: record.record };
      }
      return;
    }
    let line = 0;
    for await (const text of createInterface({
      input: upload!.stream,
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch {
        yield { line, value: Symbol.for('invalid-json') };
      }
    }
  }

  async function* lines() {
    for await (const { line, value } of records()) {
      counts.lines++;
      const sku =
        typeof value === 'object' && value && 'sku' in value ? String(value.sku).slice(0, 64) : null;
      let parsed: ParsedProductLine;
      if (value === Symbol.for('invalid-json')) {
        parsed = { line, ok: false, sku: null, error: 'not valid JSON' };
      } else {
        const result = ProductImportRowSchema.safeParse(value);
        parsed = result.success
          ? { line, ok: true, row: result.data }
          : {
              line,
              ok: false,
              sku,
              error: result.error.issues
                .map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
                .join('; '),
            };
      }
      if (parsed.ok) counts.valid++;
      else counts.invalid++;
      if (counts.lines % 1000 === 0) context.progress(40, `${counts.lines} lines checked`);
      yield `${JSON.stringify(parsed)}\n`;
    }
  }

  const file = await context.blobs.put(context.outputKey, lines());
  return { summary: counts, file };
}
