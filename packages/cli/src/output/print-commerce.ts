import type {
  Event,
  OrderDetail,
  OrderStatus,
  Payment,
  Product,
  Refund,
  StockAdjustment,
} from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import type { Style } from './colors.js';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** A status coloured by how it ended: green for done, yellow for waiting, red for failed or cancelled. */
export function statusText(status: string, s: Style): string {
  if (['paid', 'fulfilled', 'completed', 'succeeded'].includes(status)) return s.green(status);
  if (['cancelled', 'canceled', 'failed', 'refunded'].includes(status)) return s.red(status);
  return s.yellow(status);
}

/** Stock as shown: the count, or "untracked" for null. */
export function stockText(stock: number | null, s: Style): string {
  return stock === null ? s.dim('untracked') : String(stock);
}

/** A product as `key  value` lines (nothing with `--json`). */
export function printProduct(out: Output, product: Product): void {
  const s = out.style;
  const metadata = Object.entries(product.metadata ?? {});
  out.keyValue([
    ['ID', product.id],
    ['SKU', product.sku],
    ['Name', product.name],
    ['Description', product.description ?? s.dim('(none)')],
    ['Price', formatMoney(product.price, product.currency)],
    ['Active', product.active ? 'yes' : s.yellow('no (archived)')],
    ['Stock', stockText(product.stock, s)],
    ['Metadata', metadata.length === 0 ? s.dim('(none)') : metadata.map(([k, v]) => `${k}=${v}`).join(', ')],
    ['Created', formatTime(product.createdAt, s)],
    ['Updated', formatTime(product.updatedAt, s)],
  ]);
}

/** A stock adjustment as `key  value` lines. */
export function printStockAdjustment(out: Output, adjustment: StockAdjustment): void {
  out.keyValue([
    ['ID', adjustment.id],
    ['Product', adjustment.productId],
    ['Change', adjustment.delta > 0 ? `+${adjustment.delta}` : String(adjustment.delta)],
    ['Stock after', String(adjustment.stockAfter)],
    ['Reason', adjustment.reason],
    ['By', adjustment.actor],
    ['At', formatTime(adjustment.createdAt, out.style)],
  ]);
}

/** An order with its items, payments, refunds and history (nothing with `--json`). */
export function printOrder(out: Output, order: OrderDetail): void {
  const s = out.style;
  const money = (amount: number) => formatMoney(amount, order.currency);
  out.keyValue([
    ['ID', order.id],
    ['Status', statusText(order.status as OrderStatus, s)],
    ['User', order.userId ?? s.dim('(none)')],
    ['Total', money(order.total)],
    ['Paid', money(order.amountPaid)],
    ['Refunded', money(order.amountRefunded)],
    ...(order.paymentDueAt && order.status === 'pending'
      ? [['Payment due', formatTime(order.paymentDueAt, s)] as [string, string]]
      : []),
    ['Created', formatTime(order.createdAt, s)],
    ['Updated', formatTime(order.updatedAt, s)],
  ]);
  if (order.items?.length) {
    out.line();
    out.table(order.items, [
      { header: 'SKU', get: (i) => i.sku },
      { header: 'NAME', get: (i) => i.name },
      { header: 'QTY', get: (i) => String(i.quantity) },
      { header: 'UNIT PRICE', get: (i) => money(i.unitPrice) },
      { header: 'LINE TOTAL', get: (i) => money(i.lineTotal) },
    ]);
  }
  if (order.payments?.length) {
    out.line();
    out.table(order.payments, [
      { header: 'PAYMENT', get: (p) => p.id },
      { header: 'PROVIDER', get: (p) => p.provider },
      { header: 'STATUS', get: (p) => statusText(p.status, s) },
      { header: 'AMOUNT', get: (p) => formatMoney(p.amount, p.currency) },
      { header: 'REFUNDED', get: (p) => formatMoney(p.amountRefunded, p.currency) },
    ]);
  }
  if (order.refunds?.length) {
    out.line();
    out.table(order.refunds, [
      { header: 'REFUND', get: (r) => r.id },
      { header: 'PAYMENT', get: (r) => r.paymentId },
      { header: 'AMOUNT', get: (r) => formatMoney(r.amount, r.currency) },
      { header: 'STATUS', get: (r) => statusText(r.status, s) },
      { header: 'REASON', get: (r) => r.reason ?? s.dim('-') },
    ]);
  }
  if (order.statusHistory?.length) {
    out.line();
    out.table(order.statusHistory, [
      { header: 'AT', get: (h) => formatTime(h.at, s) },
      { header: 'FROM', get: (h) => h.from ?? s.dim('-') },
      { header: 'TO', get: (h) => statusText(h.to, s) },
      { header: 'REASON', get: (h) => h.reason ?? s.dim('-') },
    ]);
  }
}

/** A payment as `key  value` lines. */
export function printPayment(out: Output, payment: Payment): void {
  const s = out.style;
  const money = (amount: number) => formatMoney(amount, payment.currency);
  out.keyValue([
    ['ID', payment.id],
    ['Order', payment.orderId],
    ['Provider', payment.provider],
    ['Status', statusText(payment.status, s)],
    ['Amount', money(payment.amount)],
    ['Captured', money(payment.amountCaptured)],
    ['Refunded', money(payment.amountRefunded)],
    ['Reference', payment.providerReference ?? s.dim('(none)')],
    ...(payment.failureCode || payment.failureMessage
      ? [
          ['Failure', s.red([payment.failureCode, payment.failureMessage].filter(Boolean).join(': '))] as [
            string,
            string,
          ],
        ]
      : []),
    ['Created', formatTime(payment.createdAt, s)],
    ['Updated', formatTime(payment.updatedAt, s)],
  ]);
}

/** A refund as `key  value` lines. */
export function printRefund(out: Output, refund: Refund): void {
  const s = out.style;
  out.keyValue([
    ['ID', refund.id],
    ['Payment', refund.paymentId],
    ['Amount', formatMoney(refund.amount, refund.currency)],
    ['Status', statusText(refund.status, s)],
    ['Reason', refund.reason ?? s.dim('(none)')],
    ['Reference', refund.providerReference ?? s.dim('(none)')],
    ['Created', formatTime(refund.createdAt, s)],
  ]);
}

/** An event as `key  value` lines followed by its data as indented JSON. */
export function printEvent(out: Output, event: Event): void {
  const s = out.style;
  out.keyValue([
    ['ID', event.id],
    ['Type', event.type],
    ['Subject', event.subjectId],
    ['Version', String(event.version)],
    ['Created', formatTime(event.createdAt, s)],
  ]);
  out.line();
  out.line(JSON.stringify(event.data, null, 2));
}
