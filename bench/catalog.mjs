// Catalog benchmark (issue 11): full-text search latency on a 100,000-product SQLite catalog, and the throughput of
// `GET /v1/products/:id` (a product with variants) against `GET /v1/meta` on the same daemon in the same run.
// The catalogue is written straight into the daemon's SQLite file (schema made by the daemon's own migrations, the
// search documents folded as the daemon folds them: the generated text is lower-case ASCII, which folding leaves
// as it is), because creating 100,000 products through the API would take minutes and measure something else.
// Targets: search p99 < 20 ms; product reads >= 60 % of /v1/meta.
// Usage: node bench/catalog.mjs [products=100000] [queries=400] [seconds=5] [connections=50]
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  DAEMON_BIN,
  figures,
  percentile,
  printTable,
  ROOT,
  requireBuilt,
  round,
  startDaemon,
  writeResult,
} from './bench-support.mjs';

const products = Number(process.argv[2] ?? 100_000);
const queries = Number(process.argv[3] ?? 400);
const seconds = Number(process.argv[4] ?? 5);
const connections = Number(process.argv[5] ?? 50);
const require = createRequire(join(ROOT, 'packages/daemon/package.json'));
const Database = require('better-sqlite3');
const { monotonicFactory } = require('ulid');
const ulid = monotonicFactory();

/** A deterministic pseudo-random source, so every run searches the same catalogue. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}
const rand = random(42);
const pick = (list) => list[Math.floor(rand() * list.length)];

// 600 made-up words of two or three syllables: some common, most rare, as in a real catalogue's vocabulary.
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'pa',
  'qu',
  'ri',
  'do',
  'fe',
  'gu',
  'hi',
];
const WORDS = Array.from({ length: 600 }, () =>
  Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join(''),
);
/** Zipf-like: low indexes far more often, so some words are in thousands of products and most in a few. */
const word = () => WORDS[Math.floor(WORDS.length * rand() ** 3)];

async function seed(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const now = new Date().toISOString();
  const insertProduct = db.prepare(
    `INSERT INTO products (id, handle, sku, price, currency, stock, name, description, active, options, metadata, created_at, updated_at)
     VALUES (?, ?, ?, 0, 'XXX', NULL, ?, ?, 1, ?, '{}', ?, ?)`,
  );
  const insertVariant = db.prepare(
    `INSERT INTO variants (id, product_id, sku, title, options, stock, grams, tax_category, active, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 250, NULL, 1, ?, ?, ?)`,
  );
  const insertPrice = db.prepare(
    'INSERT INTO variant_prices (variant_id, currency, amount, position) VALUES (?, ?, ?, ?)',
  );
  const insertSearch = db.prepare('INSERT INTO product_search (product_id, body) VALUES (?, ?)');
  const options = JSON.stringify([{ name: 'Size', values: ['S', 'M'] }]);
  let sample;
  db.transaction(() => {
    for (let i = 0; i < products; i++) {
      const id = `prd_${ulid()}`;
      const name = `${word()} ${word()} ${word()}`;
      const description = `${word()} ${word()} ${word()} ${word()} ${word()}`;
      const skus = ['S', 'M'].map((size) => `CAT-${i}-${size}`);
      insertProduct.run(id, `p-${i}`, id, name, description, options, now, now);
      skus.forEach((sku, position) => {
        const variantId = `var_${ulid()}`;
        const size = position === 0 ? 'S' : 'M';
        insertVariant.run(variantId, id, sku, size, JSON.stringify({ Size: size }), 10, position, now, now);
        insertPrice.run(variantId, 'EUR', 1000 + (i % 5000), 0);
        insertPrice.run(variantId, 'USD', 1100 + (i % 5000), 1);
      });
      insertSearch.run(id, `${name} ${description} ${skus.join(' ').toLowerCase().replaceAll('-', ' ')} s m`);
      if (i === 0) sample = id;
    }
  })();
  db.close();
  return sample;
}

async function timeSearches(url) {
  const latencies = [];
  const hits = [];
  const asked = [];
  for (let i = 0; i < queries; i++) {
    const kind = i % 3;
    const q = kind === 0 ? word() : kind === 1 ? word().slice(0, 3) : `${word()} ${word()}`;
    asked.push(q);
    const began = performance.now();
    const response = await fetch(`${url}/v1/products?limit=20&q=${encodeURIComponent(q)}`);
    const body = await response.json();
    latencies.push(performance.now() - began);
    if (response.status !== 200)
      throw new Error(`search answered ${response.status}: ${JSON.stringify(body)}`);
    hits.push(body.data.length);
  }
  return {
    asked,
    latencies,
    queries,
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(Math.max(...latencies), 2),
    fullPages: hits.filter((n) => n === 20).length,
    empty: hits.filter((n) => n === 0).length,
  };
}

/** Latencies grouped by the number of products each query matched, counted in the index afterwards. */
function matchBuckets(file, asked, latencies) {
  const db = new Database(file, { readonly: true });
  const count = db.prepare('SELECT count(*) AS n FROM product_search WHERE product_search MATCH ?');
  const limits = [
    [1_000, '≤ 1,000'],
    [10_000, '1,001 – 10,000'],
    [Number.POSITIVE_INFINITY, '> 10,000'],
  ];
  const groups = limits.map(([max, label]) => ({ max, label, values: [] }));
  asked.forEach((q, i) => {
    const expression = q
      .split(' ')
      .map((term) => `"${term}"*`)
      .join(' ');
    const { n } = count.get(expression);
    groups.find((g) => n <= g.max).values.push(latencies[i]);
  });
  db.close();
  return groups
    .filter((g) => g.values.length > 0)
    .map((g) => ({
      label: g.label,
      queries: g.values.length,
      p50Ms: round(percentile(g.values, 50), 2),
      p99Ms: round(percentile(g.values, 99), 2),
    }));
}

function load(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

requireBuilt(DAEMON_BIN, 'run `pnpm --filter @tillpoint/daemon build` first');
const scratch = await mkdtemp(join(tmpdir(), 'tillpoint-bench-catalog-'));
const dataDir = join(scratch, 'data');
const env = { TILLPOINT_RATE_LIMIT_MAX: '1000000000' };
try {
  // First start: the daemon creates and migrates its database; then it stops so the catalogue can be written.
  const first = await startDaemon({ dataDir, readyFile: join(scratch, 'ready-1.json'), env });
  await first.stop();
  const seedBegan = performance.now();
  const sampleId = await seed(join(dataDir, 'tillpoint.db'));
  const seedSeconds = round((performance.now() - seedBegan) / 1000, 1);
  const daemon = await startDaemon({ dataDir, readyFile: join(scratch, 'ready-2.json'), env });
  try {
    await timeSearches(daemon.url); // warm-up: page cache, statement cache, JIT
    const { asked, latencies, ...search } = await timeSearches(daemon.url);
    const buckets = matchBuckets(join(dataDir, 'tillpoint.db'), asked, latencies);
    printTable(
      `Search on ${products.toLocaleString('en')} products (SQLite FTS5), ${queries} sequential queries, 20 per page`,
      ['measure', 'value'],
      [
        ['p50 ms', search.p50Ms],
        ['p99 ms (target < 20)', search.p99Ms],
        ['max ms', search.maxMs],
        ['queries with a full page', search.fullPages],
        ['queries with no hit', search.empty],
      ],
    );
    printTable(
      'Search latency by how many products the query matches (ranking is linear in matches)',
      ['matching products', 'queries', 'p50 ms', 'p99 ms'],
      buckets.map((b) => [b.label, b.queries, b.p50Ms, b.p99Ms]),
    );
    const reads = {};
    for (const [name, path] of [
      ['GET /v1/products/:id (2 variants, 2 prices each)', `/v1/products/${sampleId}`],
      ['GET /v1/meta', '/v1/meta'],
    ]) {
      await load(`${daemon.url}${path}`); // warm-up
      reads[name] = figures(await load(`${daemon.url}${path}`));
      if (reads[name].non2xx > 0 || reads[name].errors > 0) throw new Error(`${name}: non-2xx or errors`);
    }
    const [product, meta] = Object.values(reads);
    const ratio = product.requestsPerSecond / meta.requestsPerSecond;
    printTable(
      `Reads, ${connections} connections, ${seconds} s each`,
      ['route', 'req/s', 'p50 ms', 'p99 ms'],
      [
        ...Object.entries(reads).map(([name, r]) => [
          name,
          r.requestsPerSecond,
          r.latencyP50Ms,
          r.latencyP99Ms,
        ]),
        ['product / meta (target >= 60 %)', `${round(ratio * 100, 0)} %`, '', ''],
      ],
    );
    await writeResult('catalog', {
      products,
      seedSeconds,
      search,
      reads,
      productToMetaRatio: round(ratio, 3),
    });
  } finally {
    await daemon.stop();
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
