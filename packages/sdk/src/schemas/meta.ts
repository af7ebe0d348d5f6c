import { z } from 'zod';

/** How the daemon is deployed: one SQLite node, or one of several nodes on PostgreSQL (+ Redis). */
export const ModeSchema = z.enum(['single', 'cluster']).meta({ id: 'Mode' });
export type Mode = z.infer<typeof ModeSchema>;

/** `GET /v1/meta`: what this daemon is. */
export const MetaSchema = z
  .object({
    name: z.literal('tillpointd'),
    version: z.string().describe('Daemon version (semver)'),
    apiVersion: z.literal('v1'),
    mode: ModeSchema,
    database: z.enum(['sqlite', 'postgres']),
    role: z.enum(['all', 'api', 'worker', 'scheduler']).describe('What this node runs'),
    node: z.string().describe('Node.js version the daemon runs on'),
  })
  .meta({ id: 'Meta' });
export type Meta = z.infer<typeof MetaSchema>;

/** `GET /healthz`: liveness; answers while the process can serve HTTP. */
export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    uptimeSeconds: z.number().nonnegative(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/**
 * `GET /readyz`: readiness; 200 when the database answers, 503 otherwise. On a cluster `checks.redis` is reported
 * too, but Redis being down does not make a node unready: the API keeps serving, degraded.
 */
export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(
      z.string(),
      z.object({
        status: z.enum(['up', 'down', 'degraded']),
        latencyMs: z.number().nonnegative().optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof ReadinessSchema>;
