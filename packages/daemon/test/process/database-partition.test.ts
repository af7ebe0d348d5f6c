import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../support/spawn-daemon.js';
import { type StallingProxy, startStallingProxy } from '../support/stalling-proxy.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';
import { describeOutcome, type TimedOutcome, timedRequest } from '../support/timed-request.js';

const PASSWORD = 'Correct-horse-battery-9';

// Deadlines the docs promise (docs/operations.md, "When a dependency fails"), each with a second of slack for a
// loaded 2-core machine: they check that a deadline exists, not how fast the daemon is.
/** `/readyz` answers 503 within 2 s. */
const READYZ_WITHIN_MS = 3_000;
/** API requests answer 503 with `Retry-After` within 5 s (the pool's acquire timeout, `pgConnectTimeoutMs`). */
const ANSWER_WITHIN_MS = 6_000;
/** A second wave starts once the first must have been answered: the pool must not be wedged by the first. */
const SECOND_WAVE_AFTER_MS = 6_500;
/** Long enough for both waves to be answered (or to be seen hanging) before packets pass again. */
const STALL_MS = 14_000;
/** After the partition: serving again without a restart. */
const RECOVER_WITHIN_MS = 10_000;
/** Requests in flight at once in each wave, reads and writes. */
const CONCURRENT = 10;

/** A positive whole number of seconds, as `Retry-After` must be. */
const isRetryAfter = (value: string | null) => value !== null && /^[1-9]\d*$/.test(value);

// Skipped in the SQLite run of `pnpm test`: a partition needs a database behind a network; `pnpm test:postgres`
// (TILLPOINT_TEST_DIALECT=postgres, run by .ci/run) runs it.
describe.skipIf(!DIALECTS.includes('postgres'))(
  'a silent PostgreSQL partition (packets dropped, no connection closed)',
  () => {
    let database: TestDatabase;
    let proxy: StallingProxy;
    let daemon: SpawnedDaemon;
    let token: string;

    const read = () => timedRequest(daemon.url, '/v1/orders?limit=1', { token });
    const write = () =>
      timedRequest(daemon.url, '/v1/carts', { method: 'POST', token, body: { currency: 'EUR' } });
    const ready = () => timedRequest(daemon.url, '/readyz');

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      const direct = new URL(database.databaseUrl!);
      proxy = await startStallingProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const proxied = new URL(direct);
      proxied.host = `${proxy.host}:${proxy.port}`;
      // Every setting at its default: the promise is made for the defaults.
      daemon = await spawnDaemon({
        dataDir: database.dataDir,
        env: { TILLPOINT_DATABASE_URL: proxied.toString(), TILLPOINT_BCRYPT_COST: '10' },
      });
      const registered = await timedRequest(daemon.url, '/v1/auth/register', {
        method: 'POST',
        body: { email: 'partition@example.test', password: PASSWORD },
      });
      expect(registered.status, describeOutcome(registered)).toBe(202);
      const signedIn = await timedRequest(daemon.url, '/v1/auth/login', {
        method: 'POST',
        body: { email: 'partition@example.test', password: PASSWORD },
      });
      expect(signedIn.status, describeOutcome(signedIn)).toBe(200);
      token = signedIn.body.accessToken;
    });

    afterAll(async () => {
      // The proxy first: its sockets close, so the daemon's shutdown does not wait on a stalled query.
      await proxy?.close();
      await daemon?.stop();
      await database?.drop();
    });

    it('serves reads and writes through the proxy while packets pass', async () => {
      for (let i = 0; i < 5; i++) {
        const [r, w] = await Promise.all([read(), write()]);
        expect(r.status, describeOutcome(r)).toBe(200);
        expect(w.status, describeOutcome(w)).toBe(201);
      }
      const readiness = await ready();
      expect(readiness.status, describeOutcome(readiness)).toBe(200);
      expect(proxy.connections()).toBeGreaterThan(0);
    });

    it('answers 503 problem+json with Retry-After within the deadline while stalled, stays up, and recovers by itself', async () => {
      const wave = () =>
        Promise.all([
          ready(),
          ...Array.from({ length: CONCURRENT }, (_, i) => (i % 2 === 0 ? read() : write())),
        ]);
      proxy.stall();
      // Packets pass again after STALL_MS whatever the daemon does, so a request that hangs is seen hanging
      // until then (and answered late), not forever.
      const resumed = sleep(STALL_MS).then(() => proxy.resume());
      const [first, second] = await Promise.all([wave(), sleep(SECOND_WAVE_AFTER_MS).then(wave)]);
      await resumed;
      console.info(`during the partition:\n  ${[...first, ...second].map(describeOutcome).join('\n  ')}`);

      // One list of every request that broke the promise, so a failure shows them all at once.
      const broken: string[] = [];
      for (const [index, outcome] of [...first, ...second].entries()) {
        const where = `${index < first.length ? 'first' : 'second'} wave: ${describeOutcome(outcome)}`;
        if (outcome.what === 'GET /readyz') {
          const ok =
            outcome.status === 503 &&
            outcome.elapsedMs < READYZ_WITHIN_MS &&
            outcome.body?.checks?.database?.status === 'down';
          if (!ok) broken.push(`${where}; wanted 503 database down within ${READYZ_WITHIN_MS} ms`);
          continue;
        }
        const ok =
          outcome.status === 503 &&
          outcome.elapsedMs < ANSWER_WITHIN_MS &&
          outcome.contentType?.includes('application/problem+json') === true &&
          outcome.body?.code === 'service_unavailable' &&
          isRetryAfter(outcome.retryAfter);
        if (!ok)
          broken.push(
            `${where}; wanted 503 service_unavailable problem+json with Retry-After within ${ANSWER_WITHIN_MS} ms`,
          );
      }
      expect.soft(broken).toEqual([]);
      expect(daemon.process.exitCode, daemon.output().slice(-4000)).toBeNull();
      expect(daemon.process.signalCode).toBeNull();

      // Recovery: no restart, the pool replaces or reuses its connections by itself.
      const deadline = performance.now() + RECOVER_WITHIN_MS;
      let last: TimedOutcome[] = [];
      let recovered = false;
      while (!recovered && performance.now() < deadline) {
        const left = Math.max(500, Math.round(deadline - performance.now()));
        last = await Promise.all([
          timedRequest(daemon.url, '/v1/orders?limit=1', { token, abandonAfterMs: left }),
          timedRequest(daemon.url, '/v1/carts', {
            method: 'POST',
            token,
            body: { currency: 'EUR' },
            abandonAfterMs: left,
          }),
          timedRequest(daemon.url, '/readyz', { abandonAfterMs: left }),
        ]);
        recovered = last[0]!.status === 200 && last[1]!.status === 201 && last[2]!.status === 200;
        if (!recovered) await sleep(200);
      }
      expect(
        recovered,
        `not serving ${RECOVER_WITHIN_MS} ms after the partition: ${last.map(describeOutcome).join('; ')}`,
      ).toBe(true);
      expect(daemon.process.exitCode).toBeNull();
    }, 60_000);
  },
);
