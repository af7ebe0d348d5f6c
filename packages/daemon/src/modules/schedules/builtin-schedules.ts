import type { DialectCapabilities } from '../../db/database-types.js';

/** A schedule the daemon ships with. Operators may pause, retime or trigger it, not delete it. */
export interface BuiltinSchedule {
  name: string;
  description: string;
  cron?: string;
  intervalSeconds?: number;
  jobType: string;
  params: Record<string, unknown>;
  missedTicks: 'run_once' | 'skip';
}

/**
 * The built-in schedules. Cleanup and reports catch up once after downtime (their work accumulates); cancelling
 * unpaid orders runs often enough that skipping is harmless.
 */
export function builtinSchedules(
  capabilities: Pick<DialectCapabilities, 'supportsOnlineBackup'>,
): BuiltinSchedule[] {
  const schedules: BuiltinSchedule[] = [
    {
      name: 'maintenance-cleanup',
      description:
        'Removes expired idempotency records, password resets and finished jobs past their retention',
      cron: '17 * * * *',
      jobType: 'maintenance.cleanup',
      params: {},
      missedTicks: 'run_once',
    },
    {
      name: 'cancel-unpaid-orders',
      description: 'Cancels pending orders past their payment deadline and releases their stock',
      intervalSeconds: 300,
      jobType: 'orders.cancel_overdue',
      params: {},
      missedTicks: 'skip',
    },
    {
      name: 'carts-expire',
      description: 'Deletes open carts untouched for longer than cartTtlDays',
      cron: '41 3 * * *',
      jobType: 'carts.expire',
      params: {},
      missedTicks: 'run_once',
    },
    {
      name: 'reconcile-payments',
      description: 'Asks the payment provider about payments whose outcome was never recorded',
      intervalSeconds: 900,
      jobType: 'payments.reconcile',
      params: {},
      missedTicks: 'run_once',
    },
    {
      name: 'daily-sales-report',
      description: "Yesterday's sales by day, currency and status, as CSV and JSON",
      cron: '5 0 * * *',
      jobType: 'reports.sales',
      params: { period: 'yesterday' },
      missedTicks: 'run_once',
    },
  ];
  if (capabilities.supportsOnlineBackup) {
    schedules.push({
      name: 'sqlite-backup',
      description: 'Online backup of the SQLite database; older backups past the retention are deleted',
      cron: '0 * * * *',
      jobType: 'backup.create',
      params: {},
      missedTicks: 'run_once',
    });
  }
  return schedules;
}
