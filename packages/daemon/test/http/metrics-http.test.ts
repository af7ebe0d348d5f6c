import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../support/identity-fixtures.js';
import { runJob } from '../support/job-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const TOKEN = 'metrics-token-0123456789';

for (const dialect of DIALECTS) {
  describe(`GET /metrics on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { startWorkers: true, config: { metricsToken: TOKEN } });
    });
    afterAll(async () => t?.close());

    const scrape = async () => {
      const response = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      return response.body;
    };

    it('refuses a scrape without the token', async () => {
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
      expect(
        (await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-000000' } }))
          .statusCode,
      ).toBe(401);
    });

    it('counts requests by route pattern and status, with latency histograms', async () => {
      await t.app.inject({ url: '/v1/meta' });
      await t.app.inject({ url: '/v1/products/prd_01J0000000000000000000000A' });
      const text = await scrape();
      expect(text).toMatch(
        /tillpoint_http_requests_total\{method="GET",route="\/v1\/meta",status="200"\} [1-9]/,
      );
      expect(text).toMatch(
        /tillpoint_http_requests_total\{method="GET",route="\/v1\/products\/:id",status="404"\} 1/,
      );
      expect(text).toContain(
        'tillpoint_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/meta"}',
      );
    });

    it('reports job outcomes, durations and queue depth, the database and event-loop lag', async () => {
      const admin = (await createAdmin(t)).accessToken;
      await runJob(t.app, admin, 'system.probe');
      await runJob(t.app, admin, 'system.probe', { fail: true });
      const text = await scrape();
      expect(text).toMatch(
        /tillpoint_jobs_finished_total\{queue="data-processing",type="system.probe",outcome="succeeded"\} [1-9]/,
      );
      expect(text).toMatch(
        /tillpoint_jobs_finished_total\{queue="data-processing",type="system.probe",outcome="dead"\} 1/,
      );
      expect(text).toContain(
        'tillpoint_job_duration_seconds_count{queue="data-processing",type="system.probe"}',
      );
      expect(text).toMatch(/tillpoint_queue_jobs\{queue="data-processing",status="dead"\} 1/);
      expect(text).toContain('tillpoint_database_up 1');
      expect(text).toContain('tillpoint_nodejs_eventloop_lag_seconds');
      expect(text).toContain('tillpoint_process_resident_memory_bytes');
      expect(text).toMatch(/tillpoint_data_dir_free_ratio 0\.\d+/);
    });
  });
}

describe('GET /metrics without a token configured', () => {
  it('is not served on the API port', async () => {
    const t = await createTestApp('sqlite');
    try {
      const response = await t.app.inject({ url: '/metrics' });
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toContain('metricsToken');
    } finally {
      await t.close();
    }
  });
});
