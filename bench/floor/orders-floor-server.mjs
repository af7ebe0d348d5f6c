// The floor of our own stack for `POST /v1/orders` (bench/orders-floor.mjs): a bare Fastify 5 doing the same durable
// work in one transaction, and nothing else: no accounts (the bearer token is not read), no logger, no hooks, no rate
// limit, no ORM. Modes `per-order` and `group`: better-sqlite3 (the daemon's own copy) on its own SQLite file in a
// temp dir, WAL, `synchronous=FULL`, committing each order alone or the orders that arrive together in one commit.
// Mode `postgres`: `pg` (the daemon's own copy) on the empty database named by FLOOR_POSTGRES_URL, with the daemon's
// default pool size (`pgPoolMax`, 10); the caller creates and drops that database.
// Usage: node bench/floor/orders-floor-server.mjs per-order|group|postgres [skus=BENCH-A,BENCH-B] [stock=1000000000]
// Prints its port on stdout; `GET /stock` gives each SKU's stock; SIGTERM closes it and removes the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../bench-support.mjs';
import { commitPerTransaction, groupCommit } from './floor-commits.mjs';
import { openFloorDatabase, Refused } from './floor-database.mjs';
import { openFloorPostgres } from './floor-database-postgres.mjs';

/** The daemon's default `pgPoolMax`. */
const DAEMON_PG_POOL_MAX = 10;
const SQLITE_MODES = { 'per-order': commitPerTransaction, group: groupCommit };
const mode = process.argv[2];
if (!SQLITE_MODES[mode] && mode !== 'postgres') {
  process.stderr.write(
    `usage: orders-floor-server.mjs ${Object.keys(SQLITE_MODES).join('|')}|postgres [skus] [stock]\n`,
  );
  process.exit(2);
}
const skus = (process.argv[3] ?? 'BENCH-A,BENCH-B').split(',');
const stock = Number(process.argv[4] ?? 1_000_000_000);

const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
const Fastify = require('fastify');

const floor = mode === 'postgres' ? await openPostgres() : openSqlite();

function openSqlite() {
  const scratch = mkdtempSync(join(tmpdir(), `tillpoint-bench-floor-${mode}-`));
  const opened = openFloorDatabase(join(scratch, 'floor.sqlite'), { skus, stock });
  return {
    placeOrder: SQLITE_MODES[mode](opened.db, opened.placeOrder),
    stocks: async () => opened.stocks(),
    close: async () => {
      opened.db.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

async function openPostgres() {
  const url = process.env.FLOOR_POSTGRES_URL;
  if (!url) throw new Error('mode postgres needs FLOOR_POSTGRES_URL (an empty database)');
  const opened = await openFloorPostgres(url, { skus, stock, poolMax: DAEMON_PG_POOL_MAX });
  return { placeOrder: opened.placeOrder, stocks: opened.stocks, close: () => opened.pool.end() };
}

const ORDER_SCHEMA = {
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } },
  },
  body: {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: {
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          required: ['sku', 'quantity'],
          additionalProperties: false,
          properties: {
            sku: { type: 'string', minLength: 1, maxLength: 100 },
            quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
          },
        },
      },
    },
  },
};

const app = Fastify({ logger: false });
app.post('/orders', { schema: ORDER_SCHEMA }, async (request, reply) => {
  try {
    const placed = await floor.placeOrder({
      body: request.body,
      idempotencyKey: request.headers['idempotency-key'],
    });
    if (placed.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(placed.status).type('application/json; charset=utf-8').send(placed.body);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return reply
      .code(error.status)
      .type('application/problem+json')
      .send({ status: error.status, code: error.code, detail: error.message });
  }
});
app.get('/stock', async () => {
  const stocks = await floor.stocks();
  return Object.fromEntries(skus.map((sku, i) => [sku, stocks[i]]));
});

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
process.once('SIGTERM', async () => {
  await app.close();
  await floor.close();
  process.exit(0);
});
