import type { Event, Job } from '@tillpoint/sdk';
import * as ink from 'ink';
import { render } from 'ink-testing-library';
import * as React from 'react';
import { describe, expect, it } from 'vitest';
import type { DashboardSnapshot, DashboardSource } from './dashboard-data.js';
import { createDashboardView } from './dashboard-view.js';

const job = (id: string, status: Job['status'], lastError: string | null = null) =>
  ({
    id,
    object: 'job',
    queue: 'data-processing',
    type: 'reports.sales',
    status,
    progress: 40,
    lastError,
  }) as Job;

/** A data source with fixed answers that records the actions the keyboard triggers. */
function fixedSource(snapshot: DashboardSnapshot) {
  const actions: string[] = [];
  let emit: ((event: Event) => void) | undefined;
  const source: DashboardSource = {
    snapshot: async () => snapshot,
    subscribe(onEvent) {
      emit = onEvent;
      return () => {
        emit = undefined;
      };
    },
    retry: async (id) => {
      actions.push(`retry ${id}`);
      return job(id, 'pending');
    },
    cancel: async (id) => {
      actions.push(`cancel ${id}`);
      return job(id, 'cancelled');
    },
  };
  return { source, actions, emit: (event: Event) => emit?.(event) };
}

const snapshot: DashboardSnapshot = {
  daemon: {
    version: '0.1.0',
    mode: 'cluster',
    role: 'all',
    database: 'postgres',
    ready: true,
    checks: 'database up, redis up',
  },
  queues: [
    { object: 'queue', name: 'email', pending: 3, running: 1, dead: 0, succeededLastMinute: 12 },
    { object: 'queue', name: 'data-processing', pending: 0, running: 1, dead: 2, succeededLastMinute: 1 },
  ],
  jobs: [job('job_running', 'running'), job('job_dead', 'dead', 'provider unreachable')],
  ordersLastHour: { count: 7, revenue: [{ currency: 'EUR', amount: 123450 }] },
  webhooks: [
    { id: 'whe_1', url: 'https://hooks.example.com/t', status: 'disabled', failingSince: null } as never,
  ],
  updatedAt: new Date('2026-11-24T12:00:00Z'),
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('till dashboard (Ink view)', () => {
  it('shows health and mode, queues, jobs, orders, webhooks and the event feed', async () => {
    const { source, emit } = fixedSource(snapshot);
    const View = createDashboardView(React, ink);
    const app = render(React.createElement(View, { source, refreshMs: 60_000 }));
    await tick();
    emit({
      id: 'evt_1',
      object: 'event',
      type: 'order.paid',
      version: 1,
      subjectId: 'ord_42',
      data: {},
      createdAt: '2026-11-24T12:00:01.000Z',
    });
    await tick();
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('cluster · all · postgres');
    expect(frame).toContain('ready');
    expect(frame).toMatch(/email\s+pending\s+3\s+running\s+1\s+dead\s+0\s+done\/min 12/);
    expect(frame).toContain('provider unreachable');
    expect(frame).toContain('7 orders · revenue 1234.50 EUR');
    expect(frame).toContain('https://hooks.example.com/t');
    expect(frame).toContain('order.paid');
    expect(frame).toContain('ord_42');
    expect(frame).toContain('q quit');
    app.unmount();
  });

  it('retries and cancels the selected job from the keyboard, and toggles the key help', async () => {
    const { source, actions } = fixedSource(snapshot);
    const View = createDashboardView(React, ink);
    const app = render(React.createElement(View, { source, refreshMs: 60_000 }));
    await tick();
    app.stdin.write('c');
    await tick();
    app.stdin.write('\u001B[B'); // arrow down
    await tick();
    app.stdin.write('r');
    await tick();
    expect(actions).toEqual(['cancel job_running', 'retry job_dead']);
    expect(app.lastFrame()).toContain('Retried job_dead');
    app.stdin.write('?');
    await tick();
    expect(app.lastFrame()).toContain('r retry · c cancel');
    app.unmount();
  });

  it('says so when the daemon cannot be reached', async () => {
    const View = createDashboardView(React, ink);
    const failing: DashboardSource = {
      ...fixedSource(snapshot).source,
      snapshot: async () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const app = render(React.createElement(View, { source: failing, refreshMs: 60_000 }));
    await tick();
    expect(app.lastFrame()).toContain('Cannot reach the daemon: connect ECONNREFUSED');
    app.unmount();
  });
});
