import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { PAGE_SIZE, type TaskContext } from './task-context.js';

export const SalesReportInputSchema = z.object({
  from: z.string(),
  to: z.string(),
  format: z.enum(['csv', 'json']),
});

interface SalesRow {
  day: string;
  currency: string;
  status: string;
  orders: number;
  total: number;
  paid: number;
  refunded: number;
}

/**
 * Totals of orders created in [from, to) by UTC day, currency and status. Orders are streamed page by page and
 * summed here, so the same code serves both dialects and memory stays bounded by the number of groups.
 */
export async function runSalesReport(input: unknown, context: TaskContext) {
  const { from, to, format } = SalesReportInputSchema.parse(input);
  const groups = new Map<string, SalesRow>();
  let after = '';
  let seen = 0;
  for (;;) {
    const page = await context.db
      .selectFrom('orders')
      .select(['id', 'created_at', 'currency', 'status', 'total', 'amount_paid', 'amount_refunded'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute();
    for (const order of page) {
      const day = order.created_at.slice(0, 10);
      const key = `${day}|${order.currency}|${order.status}`;
      const row = groups.get(key) ?? {
        day,
        currency: order.currency,
        status: order.status,
        orders: 0,
        total: 0,
        paid: 0,
        refunded: 0,
      };
      row.orders += 1;
      row.total += order.total;
      row.paid += order.amount_paid;
      row.refunded += order.amount_refunded;
      groups.set(key, row);
    }
    seen += page.length;
    if (page.length < PAGE_SIZE) break;
    after = page.at(-1)!.id;
    context.progress(50, `${seen} orders read`);
  }
  const rows = [...groups.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency) || a.status.localeCompare(b.status),
  );
  const body: Readable =
    format === 'json'
      ? Readable.from([JSON.stringify({ from, to, rows }, null, 2)])
      : stringify(rows, {
          header: true,
          columns: ['day', 'currency', 'status', 'orders', 'total', 'paid', 'refunded'],
        });
  const file = await context.blobs.put(context.outputKey, body);
  return { summary: { from, to, orders: seen, rows }, file };
}
