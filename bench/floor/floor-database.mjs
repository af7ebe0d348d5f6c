// The floor's SQLite file: the tables an order touches, shaped like the daemon's (text ULID keys, integer money,
// the same indexes, foreign keys on), and the one transaction that places an order. better-sqlite3 is the daemon's
// own copy, so both sides run the same SQLite build.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../bench-support.mjs';

const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
const Database = require('better-sqlite3');
const { monotonicFactory } = require('ulid');
const ulid = monotonicFactory();

const SCHEMA = `
CREATE TABLE products (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE variants (
  id TEXT PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(id), sku TEXT NOT NULL UNIQUE,
  price INTEGER NOT NULL, currency TEXT NOT NULL, stock INTEGER CHECK (stock IS NULL OR stock >= 0),
  active INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX variants_product_idx ON variants(product_id);
CREATE TABLE orders (
  id TEXT PRIMARY KEY, user_id TEXT, status TEXT NOT NULL, currency TEXT NOT NULL, total INTEGER NOT NULL,
  amount_paid INTEGER NOT NULL, amount_refunded INTEGER NOT NULL, payment_due_at TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX orders_user_idx ON orders(user_id, id);
CREATE INDEX orders_status_idx ON orders(status, payment_due_at);
CREATE INDEX orders_created_idx ON orders(created_at);
CREATE TABLE order_items (
  id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id),
  product_id TEXT NOT NULL REFERENCES products(id), variant_id TEXT NOT NULL REFERENCES variants(id),
  sku TEXT NOT NULL, name TEXT NOT NULL, unit_price INTEGER NOT NULL, quantity INTEGER NOT NULL,
  line_total INTEGER NOT NULL, stock_reserved INTEGER NOT NULL);
CREATE INDEX order_items_order_idx ON order_items(order_id);
CREATE TABLE order_status_history (
  id TEXT PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id), from_status TEXT, to_status TEXT NOT NULL,
  reason TEXT, created_at TEXT NOT NULL);
CREATE INDEX order_status_history_order_idx ON order_status_history(order_id);
CREATE TABLE events (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, subject_id TEXT NOT NULL, owner_id TEXT, data TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX events_subject_idx ON events(subject_id, id);
CREATE INDEX events_type_idx ON events(type, id);
CREATE TABLE idempotency_keys (
  id TEXT PRIMARY KEY, scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
  response_status INTEGER NOT NULL, response_body TEXT NOT NULL, created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL, UNIQUE (scope, key));
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys(expires_at);
`;

/** The floor has no accounts: every order belongs to one buyer, and idempotency keys share one scope. */
export const BUYER = 'usr_floor';
export const SCOPE = `${BUYER} POST /orders`;
const DAY_MS = 24 * 3600 * 1000;
const PAYMENT_DUE_MS = 30 * 60 * 1000;

/** The daemon's fingerprint of a request: the SHA-256 of its parsed body, serialized again ('' without a key). */
export function requestHashOf(body, idempotencyKey) {
  return idempotencyKey ? createHash('sha256').update(JSON.stringify(body)).digest('hex') : '';
}

/**
 * The order an accepted request writes, from its priced lines (`{ variant, quantity }`, variant rows as read):
 * its rows' values and the JSON answer, which is also the event's data and the idempotency record's body.
 */
export function newOrder(lines, now) {
  const at = now.toISOString();
  const id = `ord_${ulid()}`;
  const currency = lines[0].variant.currency;
  const items = lines.map(({ variant, quantity }) => ({
    id: `oit_${ulid()}`,
    productId: variant.product_id,
    variantId: variant.id,
    sku: variant.sku,
    name: variant.name,
    unitPrice: Number(variant.price),
    quantity,
    lineTotal: Number(variant.price) * quantity,
  }));
  const total = items.reduce((sum, item) => sum + item.lineTotal, 0);
  const paymentDueAt = new Date(now.getTime() + PAYMENT_DUE_MS).toISOString();
  const order = {
    id,
    userId: BUYER,
    status: 'pending',
    currency,
    total,
    amountPaid: 0,
    amountRefunded: 0,
    paymentDueAt,
    items,
    createdAt: at,
    updatedAt: at,
  };
  return {
    ...order,
    at,
    answer: JSON.stringify(order),
    expiresAt: new Date(now.getTime() + DAY_MS).toISOString(),
  };
}

/** A refusal the route answers with its status and a problem body. */
export class Refused extends Error {
  constructor(status, code, detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

/** Opens (and creates) the floor's database with the daemon's pragmas and seeds the products of `skus`. */
export function openFloorDatabase(file, { skus, stock }) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  seed(db, skus, stock);
  const sql = statements(db);
  return {
    db,
    /** Places an order; run it inside a transaction (it is not one). Returns the status and body to answer. */
    placeOrder: (input) => placeOrder(sql, input),
    stocks: () => skus.map((sku) => sql.variantBySku.get(sku).stock),
  };
}

function seed(db, skus, stock) {
  const at = new Date().toISOString();
  const insertProduct = db.prepare('INSERT INTO products VALUES (?, ?, 1, ?, ?)');
  const insertVariant = db.prepare("INSERT INTO variants VALUES (?, ?, ?, ?, 'EUR', ?, 1, ?, ?)");
  db.transaction(() => {
    for (const [i, sku] of skus.entries()) {
      const productId = `prod_${ulid()}`;
      insertProduct.run(productId, `Bench product ${sku}`, at, at);
      insertVariant.run(`var_${ulid()}`, productId, sku, 1000 + i * 250, stock, at, at);
    }
  })();
}

function statements(db) {
  return {
    idempotencyRecord: db.prepare(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = ? AND key = ?',
    ),
    variantBySku: db.prepare(
      `SELECT v.id, v.product_id, v.sku, v.price, v.currency, v.stock, p.name
       FROM variants v JOIN products p ON p.id = v.product_id
       WHERE v.sku = ? AND v.active = 1 AND p.active = 1`,
    ),
    takeStock: db.prepare(
      'UPDATE variants SET stock = stock - ?, updated_at = ? WHERE id = ? AND stock IS NOT NULL AND stock >= ?',
    ),
    insertOrder: db.prepare("INSERT INTO orders VALUES (?, ?, 'pending', ?, ?, 0, 0, ?, ?, ?)"),
    insertItem: db.prepare('INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    insertHistory: db.prepare("INSERT INTO order_status_history VALUES (?, ?, NULL, 'pending', NULL, ?)"),
    insertEvent: db.prepare("INSERT INTO events VALUES (?, 'order.created', ?, ?, ?, ?)"),
    insertIdempotency: db.prepare('INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, 201, ?, ?, ?)'),
  };
}

/**
 * The durable work of `POST /v1/orders`: replay a known key, price each line, take its stock with a guarded
 * update, write the order, its lines, its first history entry, `order.created`, and the key's stored response.
 */
function placeOrder(sql, { body, idempotencyKey }) {
  const requestHash = requestHashOf(body, idempotencyKey);
  if (idempotencyKey) {
    const known = sql.idempotencyRecord.get(SCOPE, idempotencyKey);
    if (known && known.request_hash !== requestHash)
      throw new Refused(422, 'idempotency_mismatch', 'the key was used with another body');
    if (known) return { status: known.response_status, body: known.response_body, replayed: true };
  }
  const lines = body.items.map((item, index) => {
    const variant = sql.variantBySku.get(item.sku);
    if (!variant) throw new Refused(422, 'product_unavailable', `items.${index}: no product ${item.sku}`);
    return { variant, quantity: item.quantity };
  });
  const order = newOrder(lines, new Date());
  const { at, answer } = order;
  for (const [index, { variant, quantity }] of lines.entries()) {
    if (variant.stock !== null && sql.takeStock.run(quantity, at, variant.id, quantity).changes === 0)
      throw new Refused(409, 'out_of_stock', `items.${index}: not enough stock for ${variant.sku}`);
  }
  sql.insertOrder.run(order.id, BUYER, order.currency, order.total, order.paymentDueAt, at, at);
  for (const item of order.items) {
    sql.insertItem.run(
      item.id,
      order.id,
      item.productId,
      item.variantId,
      item.sku,
      item.name,
      item.unitPrice,
      item.quantity,
      item.lineTotal,
      1,
    );
  }
  sql.insertHistory.run(`osh_${ulid()}`, order.id, at);
  sql.insertEvent.run(`evt_${ulid()}`, order.id, BUYER, answer, at);
  if (idempotencyKey) {
    sql.insertIdempotency.run(
      `idk_${ulid()}`,
      SCOPE,
      idempotencyKey,
      requestHash,
      answer,
      at,
      order.expiresAt,
    );
  }
  return { status: 201, body: answer, replayed: false };
}
