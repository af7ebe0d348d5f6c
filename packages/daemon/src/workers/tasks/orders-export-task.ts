import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { PAGE_SIZE, type TaskContext } from './task-context.js';

export const OrdersExportInputSchema = z.object({
  from: z.string(),
  to: z.string(),
  format: z.enum(['csv', 'jsonl']),
});

const COLUMNS = [
  'id',
  'user_id',
  'status',
  'currency',
  'total',
  'amount_paid',
  'amount_refunded',
  'created_at',
  'updated_at',
] as const;

/** The columns of each line in a JSON Lines export (CSV keeps one row per order). */
const ITEM_COLUMNS = [
  'id',
  'product_id',
  'variant_id',
  'sku',
  'name',
  'unit_price',
  'quantity',
  'line_total',
] as const;

/**
 * Orders created in [from, to), oldest first, as CSV or JSON Lines (each order with its `items`: the variant, SKU,
 * price and quantity of every line). Rows are read a page at a time and written
 * through a stream with backpressure, so a million orders never sit in memory.
 */
export async function runOrdersExport(input: unknown, context: TaskContext) {
  const { from, to, format } = OrdersExportInputSchema.parse(input);
  const total = Number(
    (
      await context.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .executeTakeFirst()
    )?.count ?? 0,
  );
  let written = 0;

  async function* rows() {
    let after = '';
    for (;;) {
      const page = await context.db
        .selectFrom('orders')
        .select([...COLUMNS])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE_SIZE)
        .execute();
      for (const row of page) yield row;
      written += page.length;
      if (total > 0)
        context.progress(Math.min(99, Math.floor((written / total) * 100)), `${written}/${total} orders`);
      if (page.length < PAGE_SIZE) return;
      after = page.at(-1)!.id;
    }
  }

  async function* jsonLines() {
    let page: Array<Record<string, unknown> & { id: string }> = [];
    const flush = async function* () {
      const items = await context.db
        .selectFrom('order_items')
        .select(['order_id', ...ITEM_COLUMNS])
        .where(
          'order_id',
          'in',
          page.map((row) => row.id),
        )
        .orderBy('id')
        .execute();
      for (const row of page) {
        const lines = items
          .filter((item) => item.order_id === row.id)
          .map(({ order_id: _, ...item }) => item);
        yield `${JSON.stringify({ ...row, items: lines })}\n`;
      }
      page = [];
    };
    for await (const row of rows()) {
      page.push(row);
      if (page.length === PAGE_SIZE) yield* flush();
    }
    if (page.length > 0) yield* flush();
  }

  const body =
    format === 'jsonl'
      ? jsonLines()
      : (async function* () {
          const csv = stringify({ header: true, columns: [...COLUMNS] });
          const pump = (async () => {
            try {
              for await (const row of rows()) {
                if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
              }
              csv.end();
            } catch (error) {
              csv.destroy(error as Error);
            }
          })();
          for await (const chunk of csv) yield chunk as Buffer;
          await pump;
        })();
  const file = await context.blobs.put(context.outputKey, body);
  return { summary: { from, to, format, orders: written }, file };
}
