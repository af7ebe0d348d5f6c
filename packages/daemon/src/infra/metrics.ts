import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The daemon's Prometheus metrics (prom-client), one registry per daemon. Modules record through the typed
 * instruments here; gauges that need a query (queue depth, pool use) are filled by `collect` callbacks at scrape time.
 * Label values are bounded: routes are route patterns (`/v1/orders/:id`), never raw URLs.
 */
export function createMetrics() {
  const registry = new Registry();
  // Process metrics, heap, GC and event-loop lag (nodejs_eventloop_lag_*), from prom-client's defaults.
  collectDefaultMetrics({ register: registry, prefix: 'tillpoint_' });
  const collectors: Array<() => Promise<void>> = [];

  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'tillpoint_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'tillpoint_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobsFinished: new Counter({
      name: 'tillpoint_jobs_finished_total',
      help: 'Job attempts that ended, by queue, type and outcome (succeeded, retried, dead, cancelled, released)',
      labelNames: ['queue', 'type', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'tillpoint_job_duration_seconds',
      help: 'Job attempt duration by queue and type',
      labelNames: ['queue', 'type'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'tillpoint_queue_jobs',
      help: 'Jobs in the queue by queue and status (pending, running, dead), read at scrape time',
      labelNames: ['queue', 'status'] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'tillpoint_webhook_deliveries_total',
      help: 'Outbound webhook delivery attempts by outcome (succeeded, failed, disabled)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookEndpointsDisabled: new Gauge({
      name: 'tillpoint_webhook_endpoints_disabled',
      help: 'Webhook endpoints currently disabled (by the daemon or an admin), read at scrape time',
      registers: [registry],
    }),
    databasePool: new Gauge({
      name: 'tillpoint_database_pool_connections',
      help: 'Primary database pool connections by state (total, idle, waiting); PostgreSQL only',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    databaseUp: new Gauge({
      name: 'tillpoint_database_up',
      help: '1 when the last database check at scrape time succeeded, else 0',
      registers: [registry],
    }),
    diskFreeRatio: new Gauge({
      name: 'tillpoint_data_dir_free_ratio',
      help: 'Free fraction of the file system holding the data dir (alert when below 0.15)',
      registers: [registry],
    }),
    /** Registers a callback run before each scrape, to fill gauges from the database. */
    onCollect(collector: () => Promise<void>) {
      collectors.push(collector);
    },
    /** The exposition text, after running the collectors (a failing collector leaves its gauges as they were). */
    async render(): Promise<{ contentType: string; body: string }> {
      await Promise.all(collectors.map((collect) => collect().catch(() => undefined)));
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
