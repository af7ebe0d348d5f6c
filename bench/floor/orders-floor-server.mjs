// The floor of our own stack for `POST /v1/orders` (bench/orders-floor.mjs): a bare Fastify 5 with better-sqlite3
// (the daemon's own copies) doing the same durable work in one transaction, and nothing else: no accounts (the
// bearer token is not read), no logger, no hooks, no rate limit, no ORM. Its own SQLite file in a temp dir, WAL,
// `synchronous=FULL`.
// Usage: node bench/floor/orders-floor-server.mjs per-order|group [skus=BENCH-A,BENCH-B] [stock=1000000000]
// Prints its port on stdout; `GET /stock` gives each SKU's stock; SIGTERM closes it and removes the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../bench-support.mjs';
import { commitPerTransaction, groupCommit } from './floor-commits.mjs';
import { openFloorDatabase, Refused } from './floor-database.mjs';

const MODES = { 'per-order': commitPerTransaction, group: groupCommit };
const mode = process.argv[2];
if (!MODES[mode]) {
  process.stderr.write(`usage: orders-floor-server.mjs ${Object.keys(MODES).join('|')} [skus] [stock]\n`);
  process.exit(2);
}
const skus = (process.argv[3] ?? 'BENCH-A,BENCH-B').split(',');
const stock = Number(process.argv[4] ?? 1_000_000_000);

const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
const Fastify = require('fastify');

const scratch = mkdtempSync(join(tmpdir(), `tillpoint-bench-floor-${mode}-`));
const floor = openFloorDatabase(join(scratch, 'floor.sqlite'), { skus, stock });
const placeOrder = MODES[mode](floor.db, floor.placeOrder);

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
    const placed = await placeOrder({
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
  const stocks = floor.stocks();
  return Object.fromEntries(skus.map((sku, i) => [sku, stocks[i]]));
});

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
process.once('SIGTERM', async () => {
  await app.close();
  floor.db.close();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
});
