import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script shared with users, without type declarations
import { startLocalCluster } from '../../../../examples/cluster/local-cluster.mjs';
import { startPrivateRedis } from '../support/private-redis.js';
import { DAEMON_BIN } from '../support/spawn-daemon.js';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/test-database.js';

type Cluster = {
  url: string;
  nodes: Array<{ url: string; port: number }>;
  killNode(index: number): Promise<void>;
  startNode(index: number): Promise<unknown>;
  stop(): Promise<void>;
};

const PASSWORD = 'correct horse battery';
const RATE_LIMIT = 2_500;

/** One HTTP call; resolves with status and parsed body (or text). */
async function call(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the API answers, field by field
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}

/** Runs `task` for 0..count-1 with at most `width` in flight. */
async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('three daemons behind nginx on PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let cluster: Cluster;
  let admin: string;

  const countJobs = async (status: string, type = 'system.probe') => {
    const { body } = await call(cluster.url, `/v1/jobs?type=${type}&status=${status}&limit=1`, {
      token: admin,
    });
    return body;
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    redis = await startPrivateRedis();
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [
          DAEMON_BIN,
          'admin',
          'create',
          '--database-url',
          database.databaseUrl!,
          '--data-dir',
          database.dataDir,
          '--email',
          'ops@example.test',
          '--password-stdin',
        ],
        (error) => (error ? reject(error) : resolve()),
      );
      child.stdin!.end(`${PASSWORD}\n`);
    });
    cluster = await startLocalCluster({
      nodes: 3,
      databaseUrl: database.databaseUrl,
      redisUrl: redis.url,
      env: {
        TILLPOINT_RATE_LIMIT_MAX: String(RATE_LIMIT),
        TILLPOINT_WORKER_CONCURRENCY: '4',
        TILLPOINT_JOB_LEASE_SECONDS: '2',
        TILLPOINT_BCRYPT_COST: '10',
        // The event stream's own timer reads once a minute: live events must come from wake-ups on commit.
        TILLPOINT_EVENT_STREAM_POLL_MS: '60000',
      },
    });
    const login = await call(cluster.url, '/v1/auth/login', {
      method: 'POST',
      body: { email: 'ops@example.test', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    admin = login.body.accessToken;
  });

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
    await database?.drop();
  });

  it('says it is a cluster', async () => {
    for (const node of cluster.nodes) {
      expect((await call(node.url, '/v1/meta')).body).toMatchObject({
        mode: 'cluster',
        database: 'postgres',
        role: 'all',
      });
      expect((await call(node.url, '/readyz')).body.checks.redis.status).toBe('up');
    }
  });

  it("enforces one user's rate limit across nodes (atomic in Redis, no burst)", async () => {
    // Guests are limited per client IP; nginx forwards the client's address and the nodes trust it.
    const headers = { 'x-forwarded-for': '10.77.0.1' };
    const statuses = await inParallel(
      RATE_LIMIT + 200,
      32,
      async () => (await call(cluster.url, '/v1/meta', { headers })).status,
    );
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBe(RATE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200);
  });

  it('reads a price changed through node A fresh through node B at once', async () => {
    const [a, b] = cluster.nodes;
    const created = await call(a!.url, '/v1/products', {
      method: 'POST',
      token: admin,
      body: { sku: 'CL-1', name: 'Cluster', price: 1000, currency: 'EUR' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call(b!.url, `/v1/products/${id}`)).body.price).toBe(1000); // now cached on B
    expect(
      (await call(a!.url, `/v1/products/${id}`, { method: 'PATCH', token: admin, body: { price: 1234 } }))
        .status,
    ).toBe(200);
    expect((await call(b!.url, `/v1/products/${id}`)).body.price).toBe(1234);
  });

  it('serves a report made on one node from every node, byte for byte, out of the shared blob store', async () => {
    await call(cluster.url, '/v1/auth/register', {
      method: 'POST',
      body: { email: 'reporter@example.test', password: PASSWORD },
    });
    const buyer = (
      await call(cluster.url, '/v1/auth/login', {
        method: 'POST',
        body: { email: 'reporter@example.test', password: PASSWORD },
      })
    ).body.accessToken as string;
    const product = (
      await call(cluster.url, '/v1/products', {
        method: 'POST',
        token: admin,
        body: { sku: 'CL-REPORT', name: 'Report', price: 1250, currency: 'EUR', stock: 100 },
      })
    ).body;
    for (let i = 1; i <= 3; i++) {
      const order = await call(cluster.nodes[i - 1]!.url, '/v1/orders', {
        method: 'POST',
        token: buyer,
        body: { items: [{ productId: product.id, quantity: i }] },
      });
      expect(order.status).toBe(201);
    }
    const enqueued = await call(cluster.url, '/v1/jobs', {
      method: 'POST',
      token: admin,
      body: { type: 'reports.sales', params: { period: 'today' } },
    });
    expect(enqueued.status).toBe(201);
    const job = await until(async () => {
      const { body } = await call(cluster.url, `/v1/jobs/${enqueued.body.id}?wait=5`, { token: admin });
      return body.status === 'succeeded' ? body : undefined;
    }, 'the report job');
    expect(job.resultFile).toMatchObject({ contentType: 'text/csv' });

    const download = async (base: string) => {
      const response = await fetch(`${base}/v1/jobs/${job.id}/result`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(response.status, base).toBe(200);
      return {
        bytes: Buffer.from(await response.arrayBuffer()),
        sha256: response.headers.get('x-content-sha256'),
      };
    };
    // Each node directly (two of them never saw the file being written), then through nginx, which spreads requests.
    const copies = [
      ...(await Promise.all(cluster.nodes.map((node) => download(node.url)))),
      ...(await Promise.all(Array.from({ length: 6 }, () => download(cluster.url)))),
    ];
    const first = copies[0]!;
    expect(first.bytes.toString('utf8')).toContain('EUR');
    expect(createHash('sha256').update(first.bytes).digest('hex')).toBe(job.resultFile.sha256);
    for (const copy of copies) {
      expect(copy.bytes.equals(first.bytes)).toBe(true);
      expect(copy.sha256).toBe(job.resultFile.sha256);
    }
    // It lives in PostgreSQL, not on the disk of the node that made it.
    const rows = await adminRows(database, 'select key from blobs where key = $1', [
      `jobs/${job.id}/${job.resultFile.name}`,
    ]);
    expect(rows).toHaveLength(1);
    for (const node of cluster.nodes as unknown as Array<{ dataDir: string }>) {
      expect(existsSync(join(node.dataDir, 'blobs'))).toBe(false);
    }
  });

  /**
   * Opens the event stream at `streamBase`, waits until it is live, creates a product through `writeBase`, and reads
   * until that product's event arrives (10 s at most): the text read, and the product's ID.
   */
  async function streamWhileCreating(streamBase: string, writeBase: string, sku: string) {
    const controller = new AbortController();
    const response = await fetch(`${streamBase}/v1/events/stream?types=product.created`, {
      headers: { authorization: `Bearer ${admin}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    // Let the stream start reading, so the product below is a live event, not history.
    while (!text.includes(': connected')) text += new TextDecoder().decode((await reader.read()).value);
    const created = await call(writeBase, '/v1/products', {
      method: 'POST',
      token: admin,
      body: { sku, name: sku, price: 1, currency: 'EUR' },
    });
    const deadline = Date.now() + 10_000;
    while (!text.includes(created.body.id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    return { text, id: created.body.id as string };
  }

  it('wakes the event stream of one node when another commits the event (Redis wake-up, not a timer)', async () => {
    const { text, id } = await streamWhileCreating(cluster.nodes[0]!.url, cluster.nodes[1]!.url, 'CL-WAKE');
    expect(text).toContain(`"subjectId":"${id}"`);
  });

  it('streams events through nginx from whichever node wrote them', async () => {
    const { text, id } = await streamWhileCreating(cluster.url, cluster.nodes[2]!.url, 'CL-SSE');
    expect(text).toContain(`"subjectId":"${id}"`);
  });

  it('refuses a revoked session on every node within a second, though each node caches session states', async () => {
    await call(cluster.url, '/v1/auth/register', {
      method: 'POST',
      body: { email: 'revoke@example.test', password: PASSWORD },
    });
    const session = (
      await call(cluster.nodes[0]!.url, '/v1/auth/login', {
        method: 'POST',
        body: { email: 'revoke@example.test', password: PASSWORD },
      })
    ).body;
    for (const node of cluster.nodes)
      expect((await call(node.url, '/v1/me', { token: session.accessToken })).status).toBe(200);
    expect(
      (
        await call(cluster.nodes[1]!.url, '/v1/auth/logout', {
          method: 'POST',
          token: session.accessToken,
          body: {},
        })
      ).status,
    ).toBe(204);
    const loggedOutAt = Date.now();
    // The node that revoked it refuses at once; the others drop their cached state on the invalidation message,
    // and within sessionCacheMs (1 s) even if it were lost.
    expect((await call(cluster.nodes[1]!.url, '/v1/me', { token: session.accessToken })).status).toBe(401);
    for (const node of cluster.nodes) {
      let status = 200;
      while (status !== 401 && Date.now() - loggedOutAt < 1_000) {
        status = (await call(node.url, '/v1/me', { token: session.accessToken })).status;
      }
      expect(status).toBe(401);
    }
  });

  it('runs 2,000 jobs enqueued through nginx exactly once each, spread over the nodes', async () => {
    const created = await inParallel(2_000, 32, async () => {
      const response = await call(cluster.url, '/v1/jobs', {
        method: 'POST',
        token: admin,
        body: { type: 'system.probe', params: { durationMs: 2 }, maxAttempts: 3 },
      });
      expect(response.status).toBe(201);
      return response.body.id as string;
    });
    expect(new Set(created).size).toBe(2_000);
    await until(async () => {
      const { data } = await countJobs('pending');
      const running = (await countJobs('running')).data;
      return data.length === 0 && running.length === 0 ? true : undefined;
    }, 'the queue to drain');
    const rows = (await adminRows(
      database,
      `select attempts, status, result from jobs where type = 'system.probe'`,
    )) as Array<{ attempts: number; status: string; result: string }>;
    expect(rows).toHaveLength(2_000);
    expect(rows.filter((row) => row.status === 'succeeded')).toHaveLength(2_000);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    const pids = new Set(rows.map((row) => JSON.parse(row.result).pid));
    expect(pids.size).toBeGreaterThanOrEqual(2);
  });

  it("finishes a SIGKILLed node's leased jobs on the others after the lease", async () => {
    await inParallel(120, 16, () =>
      call(cluster.url, '/v1/jobs', {
        method: 'POST',
        token: admin,
        body: { type: 'system.probe', params: { durationMs: 300 }, maxAttempts: 3 },
      }),
    );
    const victimPort = cluster.nodes[0]!.port;
    await until(
      async () => ((await countJobs('running')).data.length > 0 ? true : undefined),
      'jobs running',
    );
    await cluster.killNode(0);
    await until(async () => {
      const pending = (await countJobs('pending')).data.length + (await countJobs('running')).data.length;
      return pending === 0 ? true : undefined;
    }, 'the killed node’s jobs to finish elsewhere');
    const dead = (await countJobs('dead')).data.length;
    expect(dead).toBe(0);
    const retried = (await adminRows(database, `select id from jobs where attempts > 1`)).length;
    expect(retried).toBeGreaterThan(0);
    await cluster.startNode(0);
    expect(cluster.nodes[0]!.port).toBe(victimPort);
  });

  it('fires a schedule tick once across three schedulers', async () => {
    const created = await call(cluster.url, '/v1/schedules', {
      method: 'POST',
      token: admin,
      body: { name: 'cluster-tick', intervalSeconds: 1, jobType: 'system.probe' },
    });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 3_500));
    const keys = (
      await adminRows(database, `select unique_key from jobs where unique_key like 'schedule:cluster-tick:%'`)
    ).map((row) => row.unique_key);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps serving while Redis stops and restarts under 2,000 requests: no 5xx but 503, no job lost', async () => {
    const product = (
      await call(cluster.url, '/v1/products', {
        method: 'POST',
        token: admin,
        body: { sku: 'CL-R', name: 'Redis', price: 500, currency: 'EUR' },
      })
    ).body;
    const acknowledged: string[] = [];
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1_500));
      await redis.start();
    })();
    const statuses = await inParallel(2_000, 16, async (i) => {
      if (i % 10 === 0) {
        const job = await call(cluster.url, '/v1/jobs', {
          method: 'POST',
          token: admin,
          body: { type: 'system.probe', params: {}, maxAttempts: 3 },
        });
        if (job.status === 201) acknowledged.push(job.body.id);
        return job.status;
      }
      return (
        await call(cluster.url, `/v1/products/${product.id}`, {
          headers: { 'x-forwarded-for': `10.88.${i % 250}.1` },
        })
      ).status;
    });
    await outage;
    const serverErrors = statuses.filter((status) => status >= 500 && status !== 503);
    expect(serverErrors).toEqual([]);
    expect(statuses.filter((status) => status === 200 || status === 201).length).toBeGreaterThan(1_500);
    await until(async () => {
      const rows = await adminRows(database, `select status from jobs where id = any($1)`, [acknowledged]);
      return rows.length === acknowledged.length && rows.every((row) => row.status === 'succeeded')
        ? true
        : undefined;
    }, 'every acknowledged job to succeed');
    // Every node reconnects by itself (each on its own backoff).
    await until(async () => {
      for (const node of cluster.nodes) {
        if ((await call(node.url, '/readyz')).body.checks.redis.status !== 'up') return undefined;
      }
      return true;
    }, 'redis to be seen again by every node');
  });

  it('answers 503 while PostgreSQL connections are cut, recovers by itself, and loses no acknowledged order', async () => {
    const registered = await call(cluster.url, '/v1/auth/register', {
      method: 'POST',
      body: { email: 'buyer@example.test', password: PASSWORD },
    });
    expect(registered.status).toBe(202);
    const buyer = (
      await call(cluster.url, '/v1/auth/login', {
        method: 'POST',
        body: { email: 'buyer@example.test', password: PASSWORD },
      })
    ).body.accessToken as string;
    const product = (
      await call(cluster.url, '/v1/products', {
        method: 'POST',
        token: admin,
        body: { sku: 'CL-PG', name: 'PG', price: 700, currency: 'EUR', stock: 100000 },
      })
    ).body;
    const acknowledged: string[] = [];
    let cutting = true;
    const cuts = (async () => {
      await new Promise((r) => setTimeout(r, 200));
      const end = Date.now() + 1_500;
      while (Date.now() < end) {
        await adminQuery(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database.name}' and pid <> pg_backend_pid()`,
        );
        await new Promise((r) => setTimeout(r, 50));
      }
      cutting = false;
    })();
    const statuses = await inParallel(400, 8, async () => {
      const response = await call(cluster.url, '/v1/orders', {
        method: 'POST',
        token: buyer,
        body: { items: [{ productId: product.id, quantity: 1 }] },
      });
      if (response.status === 201) acknowledged.push(response.body.id);
      return response.status;
    });
    await cuts;
    expect(cutting).toBe(false);
    // Only successes and outage answers: the buyer's session itself is never in doubt.
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    if (statuses.some((status) => status === 502)) {
      for (const node of cluster.nodes as unknown as Array<{ output(): string }>)
        console.error(node.output().slice(-4000));
    }
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    expect(
      statuses.filter((status) => status >= 500 && status !== 503),
      JSON.stringify(counts),
    ).toEqual([]);
    const rows = await adminRows(database, `select id from orders where id = any($1)`, [acknowledged]);
    expect(rows).toHaveLength(acknowledged.length);
    await until(
      async () => ((await call(cluster.url, '/readyz')).status === 200 ? true : undefined),
      'readiness',
      20_000,
    );
    expect((await call(cluster.url, '/v1/orders?limit=1', { token: buyer })).status).toBe(200);
  });
});

type Row = Record<string, string | number | null>;

/** Reads rows from the cluster's database directly, as an operator would with psql. */
async function adminRows(database: TestDatabase, text: string, values: unknown[] = []): Promise<Row[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}
