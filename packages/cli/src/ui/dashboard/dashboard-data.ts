import type { Event, Job, QueueStats, Tillpoint, WebhookEndpoint } from '@tillpoint/sdk';

/** Everything the dashboard shows except the live feed, read in one refresh. */
export interface DashboardSnapshot {
  daemon: { version: string; mode: string; role: string; database: string; ready: boolean; checks: string };
  queues: QueueStats[];
  /** Running and dead jobs, the ones an operator may act on. */
  jobs: Job[];
  ordersLastHour: { count: number; revenue: Array<{ currency: string; amount: number }> };
  webhooks: WebhookEndpoint[];
  updatedAt: Date;
}

/** Where the dashboard gets its data and sends its actions; the real one is the SDK (`createDashboardSource`). */
export interface DashboardSource {
  snapshot(): Promise<DashboardSnapshot>;
  /** Calls `onEvent` for each live event until the returned function is called. */
  subscribe(onEvent: (event: Event) => void): () => void;
  retry(jobId: string): Promise<Job>;
  cancel(jobId: string): Promise<Job>;
}

const PAID = new Set(['paid', 'fulfilled', 'completed', 'partially_refunded', 'refunded']);

/** The dashboard's data over the API: a handful of list calls per refresh and one event stream. */
export function createDashboardSource(client: Tillpoint): DashboardSource {
  return {
    async snapshot() {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const [meta, readiness, queues, running, dead, webhooks] = await Promise.all([
        client.meta.get(),
        client.readiness(),
        client.jobs.queues(),
        client.jobs.list({ status: 'running', limit: 20 }),
        client.jobs.list({ status: 'dead', limit: 20 }),
        client.webhookEndpoints.list({ limit: 20 }),
      ]);
      let count = 0;
      const revenue = new Map<string, number>();
      for await (const order of client.orders.list({ createdFrom: since, limit: 100 })) {
        count++;
        if (PAID.has(order.status))
          revenue.set(order.currency, (revenue.get(order.currency) ?? 0) + order.amountPaid);
        if (count >= 2_000) break;
      }
      return {
        daemon: {
          version: meta.version,
          mode: meta.mode,
          role: meta.role,
          database: meta.database,
          ready: readiness.status === 'ready',
          checks: Object.entries(readiness.checks)
            .map(([name, check]) => `${name} ${check.status}`)
            .join(', '),
        },
        queues: queues.data,
        jobs: [...running.data, ...dead.data],
        ordersLastHour: { count, revenue: [...revenue].map(([currency, amount]) => ({ currency, amount })) },
        webhooks: webhooks.data,
        updatedAt: new Date(),
      };
    },
    subscribe(onEvent) {
      const controller = new AbortController();
      void (async () => {
        try {
          for await (const event of client.events.stream({ signal: controller.signal })) onEvent(event);
        } catch {
          // The feed stays as it was; the next refresh shows whether the daemon is reachable.
        }
      })();
      return () => controller.abort();
    },
    retry: (jobId) => client.jobs.retry(jobId),
    cancel: (jobId) => client.jobs.cancel(jobId),
  };
}
