import { z } from 'zod';

const DAY_MS = 86_400_000;
const DateSchema = z.iso.date();

/**
 * The time range of a report or export: a named period relative to now (UTC days), or explicit `from`/`to` dates
 * (`to` inclusive). Shared by `reports.sales` and `exports.orders`.
 */
export const PeriodParamsSchema = z
  .strictObject({
    period: z.enum(['today', 'yesterday', 'last_7_days', 'last_30_days', 'all']).optional(),
    from: DateSchema.optional(),
    to: DateSchema.optional(),
  })
  .refine((value) => !(value.period && (value.from || value.to)), {
    message: 'give either period or from/to',
  })
  .refine((value) => !(value.from && value.to) || value.from <= value.to, {
    message: 'from must not be after to',
  });

/** Resolves the period to ISO timestamps [from, to). Default: yesterday. */
export function resolvePeriod(
  params: z.output<typeof PeriodParamsSchema>,
  now: Date,
): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const iso = (ms: number) => new Date(ms).toISOString();
  if (params.from || params.to) {
    const from = params.from ? Date.parse(`${params.from}T00:00:00Z`) : 0;
    const to = params.to ? Date.parse(`${params.to}T00:00:00Z`) + DAY_MS : today + DAY_MS;
    return { from: iso(from), to: iso(to) };
  }
  switch (params.period ?? 'yesterday') {
    case 'today':
      return { from: iso(today), to: iso(today + DAY_MS) };
    case 'last_7_days':
      return { from: iso(today - 6 * DAY_MS), to: iso(today + DAY_MS) };
    case 'last_30_days':
      return { from: iso(today - 29 * DAY_MS), to: iso(today + DAY_MS) };
    case 'all':
      return { from: iso(0), to: iso(today + 100 * 365 * DAY_MS) };
    default:
      return { from: iso(today - DAY_MS), to: iso(today) };
  }
}
