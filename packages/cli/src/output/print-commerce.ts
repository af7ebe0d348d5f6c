import type {
  Collection,
  Event,
  Media,
  OrderDetail,
  OrderStatus,
  Payment,
  Price,
  Product,
  Refund,
  StockAdjustment,
  Variant,
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

/** A variant's prices as `19.99 EUR, 21.99 USD`. */
export function pricesText(prices: Price[] | undefined, s: Style): string {
  if (!prices || prices.length === 0) return s.dim('(none)');
  return prices.map((price) => formatMoney(price.amount, price.currency)).join(', ');
}

/** A variant's choice of options as `Size=M, Colour=red`. */
export function variantOptionsText(options: Record<string, string> | undefined, s: Style): string {
  const entries = Object.entries(options ?? {});
  return entries.length === 0
    ? s.dim('(none)')
    : entries.map(([name, value]) => `${name}=${value}`).join(', ');
}

/** The price of a product in `currency` across its active variants: one amount, a range `a – b`, or a dash. */
export function productPriceText(product: Product, currency: string, s: Style): string {
  const amounts = (product.variants ?? [])
    .filter((variant) => variant.active)
    .flatMap((variant) => variant.prices.filter((price) => price.currency === currency).map((p) => p.amount));
  if (amounts.length === 0)
    return currency === product.currency ? formatMoney(product.price, currency) : s.dim('-');
  const low = Math.min(...amounts);
  const high = Math.max(...amounts);
  return low === high
    ? formatMoney(low, currency)
    : `${formatMoney(low, currency).replace(` ${currency}`, '')} – ${formatMoney(high, currency)}`;
}

/** The units on hand of a product's active variants together, noting variants that do not track stock. */
export function productStockText(product: Product, s: Style): string {
  const variants = (product.variants ?? []).filter((variant) => variant.active);
  if (variants.length === 0) return stockText(product.stock, s);
  const tracked = variants.filter((variant) => variant.stock !== null);
  if (tracked.length === 0) return stockText(null, s);
  const total = String(tracked.reduce((sum, variant) => sum + (variant.stock ?? 0), 0));
  return tracked.length === variants.length ? total : `${total} ${s.dim('+ untracked')}`;
}

/** A table of variants: ID, SKU, title, prices, stock and state (nothing with `--json`). */
export function printVariantsTable(out: Output, variants: Variant[]): void {
  const s = out.style;
  out.table(variants, [
    { header: 'ID', get: (v) => v.id },
    { header: 'SKU', get: (v) => v.sku },
    { header: 'TITLE', get: (v) => v.title },
    { header: 'PRICES', get: (v) => pricesText(v.prices, s) },
    { header: 'STOCK', get: (v) => stockText(v.stock, s) },
    { header: 'ACTIVE', get: (v) => (v.active ? 'yes' : s.yellow('no')) },
  ]);
}

/** A byte count as `75 B`, `12.3 KiB` or `4.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** An image's width and height as `800x600`, or a dim dash when its header does not say. */
export function dimensionsText(media: Pick<Media, 'width' | 'height'>, s: Style): string {
  return media.width === null || media.height === null ? s.dim('-') : `${media.width}x${media.height}`;
}

/** A table of a product's images in order: position, ID, type, size, width x height and alt text. */
export function printMediaTable(out: Output, media: Media[]): void {
  const s = out.style;
  out.table(media, [
    { header: 'POSITION', get: (m) => String(m.position) },
    { header: 'ID', get: (m) => m.id },
    { header: 'TYPE', get: (m) => m.contentType },
    { header: 'SIZE', get: (m) => formatBytes(m.size) },
    { header: 'WxH', get: (m) => dimensionsText(m, s) },
    { header: 'ALT', get: (m) => m.alt ?? s.dim('(none)') },
  ]);
}

/** One image as `key  value` lines (nothing with `--json`). */
export function printMedia(out: Output, media: Media): void {
  const s = out.style;
  out.keyValue([
    ['ID', media.id],
    ['Product', media.productId],
    ['Position', String(media.position)],
    ['Type', media.contentType],
    ['Size', `${formatBytes(media.size)} (${media.size} bytes)`],
    ['WxH', dimensionsText(media, s)],
    ['Alt', media.alt ?? s.dim('(none)')],
    ['File name', media.filename ?? s.dim('(none)')],
    ['SHA-256', media.sha256],
    ['URL', media.url],
    ['Created', formatTime(media.createdAt, s)],
  ]);
}

/** A product as `key  value` lines, then its variants and its images as tables (nothing with `--json`). */
export function printProduct(out: Output, product: Product): void {
  const s = out.style;
  const metadata = Object.entries(product.metadata ?? {});
  const options = product.options ?? [];
  // Absent from daemons before media.
  const media = product.media ?? [];
  out.keyValue([
    ['ID', product.id],
    ['Handle', product.handle ?? s.dim('(none)')],
    ['SKU', product.sku],
    ['Name', product.name],
    ['Description', product.description ?? s.dim('(none)')],
    ['Price', formatMoney(product.price, product.currency)],
    ['Active', product.active ? 'yes' : s.yellow('no (archived)')],
    ['Stock', stockText(product.stock, s)],
    [
      'Options',
      options.length === 0
        ? s.dim('(none)')
        : options.map((o) => `${o.name}: ${o.values.join(', ')}`).join('; '),
    ],
    ['Metadata', metadata.length === 0 ? s.dim('(none)') : metadata.map(([k, v]) => `${k}=${v}`).join(', ')],
    ['Media', media.length === 0 ? s.dim('(none)') : `${media.length} image${media.length === 1 ? '' : 's'}`],
    ['Created', formatTime(product.createdAt, s)],
    ['Updated', formatTime(product.updatedAt, s)],
  ]);
  if (product.variants?.length) {
    out.line();
    printVariantsTable(out, product.variants);
  }
  if (media.length > 0) {
    out.line();
    printMediaTable(out, media);
  }
}

/** A variant as `key  value` lines (nothing with `--json`). */
export function printVariant(out: Output, variant: Variant): void {
  const s = out.style;
  out.keyValue([
    ['ID', variant.id],
    ['Product', variant.productId],
    ['SKU', variant.sku],
    ['Title', variant.title],
    ['Options', variantOptionsText(variant.options, s)],
    ['Prices', pricesText(variant.prices, s)],
    ['Stock', stockText(variant.stock, s)],
    ['Weight', variant.grams === null ? s.dim('(none)') : `${variant.grams} g`],
    ['Tax category', variant.taxCategory ?? s.dim('(default)')],
    ['Active', variant.active ? 'yes' : s.yellow('no (archived)')],
    ['Position', String(variant.position)],
    ['Created', formatTime(variant.createdAt, s)],
    ['Updated', formatTime(variant.updatedAt, s)],
  ]);
}

/** A collection as `key  value` lines, then its products in order (nothing with `--json`). */
export function printCollection(out: Output, collection: Collection): void {
  const s = out.style;
  out.keyValue([
    ['ID', collection.id],
    ['Handle', collection.handle],
    ['Title', collection.title],
    ['Description', collection.description ?? s.dim('(none)')],
    ['Products', String(collection.productIds.length)],
    ['Created', formatTime(collection.createdAt, s)],
    ['Updated', formatTime(collection.updatedAt, s)],
  ]);
  if (collection.productIds.length > 0) {
    out.line();
    out.table(
      collection.productIds.map((id, position) => ({ id, position })),
      [
        { header: 'POSITION', get: (row) => String(row.position) },
        { header: 'PRODUCT', get: (row) => row.id },
      ],
    );
  }
}

/** A stock adjustment as `key  value` lines. */
export function printStockAdjustment(out: Output, adjustment: StockAdjustment): void {
  out.keyValue([
    ['ID', adjustment.id],
    ['Product', adjustment.productId],
    ['Variant', adjustment.variantId],
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
    ...(order.email ? [['Email', order.email] as [string, string]] : []),
    ['Subtotal', money(order.subtotal ?? order.total)],
    ['Discount', money(order.discountTotal ?? 0)],
    [
      'Shipping',
      `${money(order.shippingTotal ?? 0)}${order.shippingMethod ? ` (${order.shippingMethod.name})` : ''}`,
    ],
    ['Tax', money(order.taxTotal ?? 0)],
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
      { header: 'DISCOUNT', get: (i) => money(i.discountTotal ?? 0) },
      { header: 'TAX', get: (i) => money(i.taxTotal ?? 0) },
      { header: 'TOTAL', get: (i) => money(i.total ?? i.lineTotal) },
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
  const breakdown = refund.breakdown;
  if (!breakdown) return;
  const money = (amount: number) => formatMoney(amount, refund.currency);
  out.line();
  out.table(
    [
      ...breakdown.lines.map((line) => ({ what: line.lineId, units: String(line.quantity), ...line })),
      ...(breakdown.shipping.amount > 0 ? [{ what: 'shipping', units: '', ...breakdown.shipping }] : []),
    ],
    [
      { header: 'LINE', get: (row) => row.what },
      { header: 'UNITS', get: (row) => row.units },
      { header: 'AMOUNT', get: (row) => money(row.amount) },
      { header: 'TAX', get: (row) => money(row.taxAmount) },
    ],
  );
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
