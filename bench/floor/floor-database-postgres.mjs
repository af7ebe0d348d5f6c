// The PostgreSQL floor's database: the tables an order touches, shaped like the daemon's on PostgreSQL (text ULID
// keys, bigint money, timestamptz, jsonb event data, the same indexes and foreign keys), and the one transaction that
// places an order, statement by statement on one pooled connection, as a hand-written `pg` server would.
// `pg` is the daemon's own copy. PostgreSQL shares one WAL flush between the transactions that commit together, so
// there is no group-commit variant: a commit per order already is the group commit here.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../bench-support.mjs';
import { BUYER, newOrder, Refused, requestHashOf, SCOPE } from './floor-database.mjs';

const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
const pg = require('pg');
const { monotonicFactory } = require('ulid');
const ulid = monotonicFactory();

const SCHEMA = `
CREATE TABLE products (
  id text PRIMARY KEY, name text NOT NULL, active boolean NOT NULL,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE variants (
  id text PRIMARY KEY, product_id text NOT NULL REFERENCES products(id), sku text NOT NULL UNIQUE,
  price bigint NOT NULL, currency text NOT NULL, stock bigint CHECK (stock IS NULL OR stock >= 0),
  active boolean NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE INDEX variants_product_idx ON variants(product_id);
CREATE TABLE orders (
  id text PRIMARY KEY, user_id text, status text NOT NULL, currency text NOT NULL, total bigint NOT NULL,
  amount_paid bigint NOT NULL, amount_refunded bigint NOT NULL, payment_due_at timestamptz,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE INDEX orders_user_idx ON orders(user_id, id);
CREATE INDEX orders_status_idx ON orders(status, payment_due_at);
CREATE INDEX orders_created_idx ON orders(created_at);
CREATE TABLE order_items (
  id text PRIMARY KEY, order_id text NOT NULL REFERENCES orders(id),
  product_id text NOT NULL REFERENCES products(id), variant_id text NOT NULL REFERENCES variants(id),
  sku text NOT NULL, name text NOT NULL, unit_price bigint NOT NULL, quantity bigint NOT NULL,
  line_total bigint NOT NULL, stock_reserved bigint NOT NULL);
CREATE INDEX order_items_order_idx ON order_items(order_id);
CREATE TABLE order_status_history (
  id text PRIMARY KEY, order_id text NOT NULL REFERENCES orders(id), from_status text, to_status text NOT NULL,
  reason text, created_at timestamptz NOT NULL);
CREATE INDEX order_status_history_order_idx ON order_status_history(order_id);
CREATE TABLE events (
  id text PRIMARY KEY, type text NOT NULL, subject_id text NOT NULL, owner_id text, data jsonb NOT NULL,
  created_at timestamptz NOT NULL);
CREATE INDEX events_subject_idx ON events(subject_id, id);
CREATE INDEX events_type_idx ON events(type, id);
CREATE TABLE idempotency_keys (
  id text PRIMARY KEY, scope text NOT NULL, key text NOT NULL, request_hash text NOT NULL,
  response_status integer NOT NULL, response_body text NOT NULL, created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL, UNIQUE (scope, key));
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys(expires_at);
`;

/**
 * Creates the floor's tables in the (empty) database at `url` and seeds the products of `skus`. `poolMax` is the
 * daemon's default pool size, so both hold as many server connections.
 */
export async function openFloorPostgres(url, { skus, stock, poolMax }) {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  await pool.query(SCHEMA);
  await seed(pool, skus, stock);
  return {
    pool,
    /** Places an order in its own transaction. Returns the status and body to answer. */
    placeOrder: (input) => inTransaction(pool, (client) => placeOrder(client, input)),
    stocks: async () => {
      const { rows } = await pool.query('SELECT sku, stock FROM variants WHERE sku = ANY($1)', [skus]);
      return skus.map((sku) => Number(rows.find((row) => row.sku === sku).stock));
    },
  };
}

async function seed(pool, skus, stock) {
  const at = new Date().toISOString();
  for (const [i, sku] of skus.entries()) {
    const productId = `prod_${ulid()}`;
    await pool.query('INSERT INTO products VALUES ($1, $2, true, $3, $3)', [
      productId,
      `Bench product ${sku}`,
      at,
    ]);
    await pool.query("INSERT INTO variants VALUES ($1, $2, $3, $4, 'EUR', $5, true, $6, $6)", [
      `var_${ulid()}`,
      productId,
      sku,
      1000 + i * 250,
      stock,
      at,
    ]);
  }
}

async function inTransaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The durable work of `POST /v1/orders`, as in floor-database.mjs: replay a known key, price each line, write the
 * order, its lines, its first history entry, `order.created` and the key's stored response, then take each line's
 * stock with a guarded update (throwing rolls all of it back).
 */
async function placeOrder(client, { body, idempotencyKey }) {
  const requestHash = requestHashOf(body, idempotencyKey);
  if (idempotencyKey) {
    const { rows } = await client.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [SCOPE, idempotencyKey],
    );
    const known = rows[0];
    if (known && known.request_hash !== requestHash)
      throw new Refused(422, 'idempotency_mismatch', 'the key was used with another body');
    if (known) return { status: known.response_status, body: known.response_body, replayed: true };
  }
  const lines = [];
  for (const [index, item] of body.items.entries()) {
    const { rows } = await client.query(
      `SELECT v.id, v.product_id, v.sku, v.price, v.currency, v.stock, p.name
       FROM variants v JOIN products p ON p.id = v.product_id
       WHERE v.sku = $1 AND v.active AND p.active`,
      [item.sku],
    );
    if (!rows[0]) throw new Refused(422, 'product_unavailable', `items.${index}: no product ${item.sku}`);
    lines.push({ variant: rows[0], quantity: item.quantity });
  }
  const order = newOrder(lines, new Date());
  const { at, answer } = order;
  await client.query("INSERT INTO orders VALUES ($1, $2, 'pending', $3, $4, 0, 0, $5, $6, $6)", [
    order.id,
    BUYER,
    order.currency,
    order.total,
    order.paymentDueAt,
    at,
  ]);
  for (const item of order.items) {
    await client.query('INSERT INTO order_items VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)', [
      item.id,
      order.id,
      item.productId,
      item.variantId,
      item.sku,
      item.name,
      item.unitPrice,
      item.quantity,
      item.lineTotal,
    ]);
  }
  await client.query("INSERT INTO order_status_history VALUES ($1, $2, NULL, 'pending', NULL, $3)", [
    `osh_${ulid()}`,
    order.id,
    at,
  ]);
  await client.query("INSERT INTO events VALUES ($1, 'order.created', $2, $3, $4, $5)", [
    `evt_${ulid()}`,
    order.id,
    BUYER,
    answer,
    at,
  ]);
  if (idempotencyKey) {
    await client.query('INSERT INTO idempotency_keys VALUES ($1, $2, $3, $4, 201, $5, $6, $7)', [
      `idk_${ulid()}`,
      SCOPE,
      idempotencyKey,
      requestHash,
      answer,
      at,
      order.expiresAt,
    ]);
  }
  // Stock last, as the daemon does: the guarded updates lock the rows every concurrent order needs until COMMIT,
  // so taken here they are held for two statements and the commit, not the whole transaction.
  for (const [index, { variant, quantity }] of lines.entries()) {
    if (variant.stock === null) continue;
    const taken = await client.query(
      'UPDATE variants SET stock = stock - $1, updated_at = $2 WHERE id = $3 AND stock IS NOT NULL AND stock >= $1',
      [quantity, at, variant.id],
    );
    if (taken.rowCount === 0)
      throw new Refused(409, 'out_of_stock', `items.${index}: not enough stock for ${variant.sku}`);
  }
  return { status: 201, body: answer, replayed: false };
}
